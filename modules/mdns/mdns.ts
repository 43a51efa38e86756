import { aptCacheAgeFact } from '../../src/facts/apt-cache-age.js';
import { fileFact } from '../../src/facts/file.js';
import { packagesFact } from '../../src/facts/packages.js';
import { serviceFact } from '../../src/facts/service.js';
import { defineModule, PlanRefusedError } from '../../src/engine/module.js';
import { ensureFile, type RemoteFile, type Step } from '../../src/engine/step.js';
import { sh } from '../../src/shell/command.js';
import { mdnsSchema, type MdnsSettings } from '../../schemas/modules/mdns.js';
import { installPackages } from '../apt-packages.js';
import { DAEMON_CONF, serverKeys, setServerKeys } from './daemon-conf.js';
import { SERVICE_DIR_OF_DTD, SERVICE_DTD, serviceFileContent, serviceFilePath } from './service-file.js';
import { serviceFilesFact } from './service-files-fact.js';

/** avahi-utils for avahi-resolve and avahi-browse (health, and the user's own checks); xmllint validates service files. */
const PACKAGES = ['avahi-daemon', 'avahi-utils', 'libxml2-utils'];
const SERVICE = 'avahi-daemon';

/** The [server] keys the settings own; an unset setting leaves its key to the file. */
function wantedKeys(settings: MdnsSettings): Map<string, string> {
  const keys = new Map<string, string>();
  if (settings.host_name !== undefined) keys.set('host-name', settings.host_name);
  if (settings.allow_interfaces !== undefined) keys.set('allow-interfaces', settings.allow_interfaces.join(','));
  return keys;
}

/** Every service file as the settings want it; two services of one type on one port are refused. */
function wantedFiles(settings: MdnsSettings): Map<string, string> {
  const files = new Map<string, string>();
  for (const service of settings.services) {
    const path = serviceFilePath(service);
    if (files.has(path)) throw new PlanRefusedError(`mdns.services: two services of type ${service.type} on port ${service.port}: announce each one once`);
    // DNS-SD counts bytes, not characters: avahi would refuse the service at run time, after xmllint passed.
    if (Buffer.byteLength(service.name.replaceAll('%h', '')) > 63) throw new PlanRefusedError(`mdns.services: the name "${service.name}" is longer than 63 bytes (DNS-SD's limit, in UTF-8): shorten it`);
    const long = (service.txt ?? []).find((record) => Buffer.byteLength(record) > 255);
    if (long !== undefined) throw new PlanRefusedError(`mdns.services: the TXT record "${long.slice(0, 20)}..." of ${service.type} is longer than 255 bytes: shorten it`);
    files.set(path, serviceFileContent({ ...service, txt: service.txt ?? [] }));
  }
  return files;
}

export const mdns = defineModule({
  name: 'mdns',
  description: 'mDNS with avahi-daemon: the host answers as NAME.local and announces its services on the local network',
  requires: [],
  schema: mdnsSchema,
  facts: (settings: MdnsSettings) => ({
    packages: packagesFact(PACKAGES),
    aptCacheAge: aptCacheAgeFact,
    daemonConf: fileFact(DAEMON_CONF),
    serviceFiles: serviceFilesFact,
    // Each wanted service file, named by its path (always /...).
    ...Object.fromEntries(settings.services.map((service) => [serviceFilePath(service), fileFact(serviceFilePath(service))])),
    service: serviceFact(SERVICE),
  }),
  plan(settings: MdnsSettings, facts) {
    const files = wantedFiles(settings);
    const steps: Step[] = installPackages(PACKAGES, facts.packages, facts.aptCacheAge, 86_400);
    const installing = steps.length > 0;

    const keys = wantedKeys(settings);
    // Before the install, the file is the package's: read it as Debian ships it (no key set).
    const current = serverKeys(installing ? '' : (facts.daemonConf?.content ?? ''));
    const changed = new Map([...keys].filter(([key, value]) => current.get(key) !== value));
    if (changed.size > 0) {
      const what = [...changed].map(([key, value]) => `${key}=${value}`).join(', ');
      steps.push({ kind: 'command', title: `Set ${what} in ${DAEMON_CONF}`, command: setServerKeys(keys) });
    }

    for (const service of settings.services) {
      const path = serviceFilePath(service);
      steps.push(
        ...ensureFile(
          {
            title: `Announce ${service.type} on port ${service.port} as "${service.name}" (${path})`,
            path,
            content: files.get(path) as string,
            mode: '0644',
            owner: 'root',
            group: 'root',
            validate: (tmp) => sh`xmllint --noout --nonet --path ${SERVICE_DIR_OF_DTD} --dtdvalid ${SERVICE_DTD} ${tmp}`,
            reload: SERVICE,
          },
          ((facts as unknown as Record<string, RemoteFile | null>)[path] ?? null),
        ),
      );
    }
    const stale = facts.serviceFiles.filter((path) => !files.has(path));
    if (stale.length > 0) {
      steps.push({
        kind: 'command',
        title: `Stop announcing ${stale.length === 1 ? 'a service' : `${stale.length} services`} no longer in the settings (remove ${stale.join(', ')})`,
        command: sh`rm -f ${stale} && { ! systemctl is-active --quiet ${SERVICE} || systemctl reload ${SERVICE}; }`,
      });
    }

    if (changed.size > 0 && facts.service.active && !installing) {
      steps.push({ kind: 'command', title: `Restart ${SERVICE} to take the new ${[...changed.keys()].join(' and ')}`, command: sh`systemctl restart ${SERVICE}` });
    }
    if (installing || !facts.service.active || !facts.service.enabled) {
      steps.push({ kind: 'command', title: `Start ${SERVICE} and start it at boot`, command: sh`systemctl enable ${SERVICE} && systemctl restart ${SERVICE}` });
    }
    return steps;
  },
  health(settings: MdnsSettings) {
    const name = settings.host_name;
    return [
      {
        title: `${SERVICE} runs`,
        command: sh`avahi-daemon --check`,
        hint: `see systemctl status ${SERVICE} and journalctl -u ${SERVICE}; start it with systemctl start ${SERVICE}`,
      },
      {
        title: `the host's own name resolves over mDNS (${name === undefined ? 'its host name' : name}.local)`,
        command:
          name === undefined
            ? sh`timeout 5 avahi-resolve -4 -n "$(hostname).local" >/dev/null 2>&1`
            : sh`timeout 5 avahi-resolve -4 -n ${`${name}.local`} >/dev/null 2>&1`,
        hint: `avahi answers nothing for its own name: check journalctl -u ${SERVICE} for a name conflict ("Host name conflict, retrying with ..."), and that allow-interfaces in ${DAEMON_CONF} names an interface with an IPv4 address`,
      },
    ];
  },
});
