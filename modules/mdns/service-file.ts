/** A service as the mdns settings describe it. */
export interface AnnouncedService {
  readonly name: string;
  readonly type: string;
  readonly port: number;
  readonly txt: readonly string[];
}

/** Where Phanes keeps its service files; avahi-daemon reads every *.service file here. */
export const SERVICES_DIR = '/etc/avahi/services';
/** Phanes' own files in SERVICES_DIR start with this: any other file there is left alone. */
export const FILE_PREFIX = 'phanes-';
/** avahi's DTD for service files, shipped with avahi-daemon: each file is validated against it. */
export const SERVICE_DTD = '/usr/share/avahi/avahi-service.dtd';
/** Where xmllint finds the DTD a service file names by its bare file name. */
export const SERVICE_DIR_OF_DTD = '/usr/share/avahi';

/** /etc/avahi/services/phanes-http-tcp-8080.service for an _http._tcp service on port 8080. */
export function serviceFilePath(service: Pick<AnnouncedService, 'type' | 'port'>): string {
  const type = service.type.replace(/^_/, '').replace('._', '-');
  return `${SERVICES_DIR}/${FILE_PREFIX}${type}-${service.port}.service`;
}

/** Escapes text for an XML element's content. */
function xmlText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** The service file avahi-daemon reads: `%h` in the name stands for the host name (replace-wildcards). */
export function serviceFileContent(service: AnnouncedService): string {
  const txt = service.txt.map((record) => `    <txt-record>${xmlText(record)}</txt-record>\n`).join('');
  return `<?xml version="1.0" standalone="no"?>
<!DOCTYPE service-group SYSTEM "avahi-service.dtd">
<!-- Written by Phanes (mdns module); edits are replaced on the next apply. -->
<service-group>
  <name replace-wildcards="yes">${xmlText(service.name)}</name>
  <service>
    <type>${service.type}</type>
    <port>${service.port}</port>
${txt}  </service>
</service-group>
`;
}
