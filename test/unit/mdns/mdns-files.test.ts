import { describe, expect, it } from 'vitest';
import { serverKeys } from '../../../modules/mdns/daemon-conf.js';
import { serviceFileContent, serviceFilePath } from '../../../modules/mdns/service-file.js';

describe('avahi-daemon.conf [server] keys', () => {
  it('reads the last assignment of each key in [server] only, skipping comments', () => {
    const conf = '[server]\n#host-name=foo\nhost-name = a\nuse-ipv4=yes\n; x=y\nhost-name=b\n[publish]\nhost-name=c\n';
    expect(serverKeys(conf)).toEqual(new Map([['host-name', 'b'], ['use-ipv4', 'yes']]));
  });

  it('reads nothing from a file without a [server] section', () => {
    expect(serverKeys('[publish]\npublish-hinfo=no\n').size).toBe(0);
  });
});

describe('service files', () => {
  it('are named by type and port', () => {
    expect(serviceFilePath({ type: '_http._tcp', port: 8080 })).toBe('/etc/avahi/services/phanes-http-tcp-8080.service');
    expect(serviceFilePath({ type: '_ipp._udp', port: 631 })).toBe('/etc/avahi/services/phanes-ipp-udp-631.service');
  });

  it('escape the name and TXT records for XML', () => {
    const content = serviceFileContent({ name: 'A <b> & c', type: '_http._tcp', port: 80, txt: ['q=<&>'] });
    expect(content).toContain('<name replace-wildcards="yes">A &lt;b&gt; &amp; c</name>');
    expect(content).toContain('<txt-record>q=&lt;&amp;&gt;</txt-record>');
  });
});
