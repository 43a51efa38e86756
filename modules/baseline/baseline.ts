import { aptCacheAgeFact } from '../../src/facts/apt-cache-age.js';
import { fileFact } from '../../src/facts/file.js';
import { packagesFact } from '../../src/facts/packages.js';
import { defineModule, PlanRefusedError } from '../../src/engine/module.js';
import { ensureFile, type Step } from '../../src/engine/step.js';
import { sh } from '../../src/shell/command.js';
import { baselineSchema, type BaselineSettings } from '../../schemas/modules/baseline.js';
import { installPackages } from '../apt-packages.js';
import { availableLocalesFact, BUILT_IN_LOCALES, normalizeLocale } from './locale-fact.js';
import { timezoneFact, zoneExistsFact } from './timezone-fact.js';

const DEFAULT_LOCALE_FILE = '/etc/default/locale';
const LOCALE_GEN = '/etc/locale.gen';

/** Debian writes `/etc/default/locale` as a list of shell assignments. */
export function defaultLocaleFile(locale: string): string {
  return `# Written by Phanes (baseline module).\nLANG=${locale}\n`;
}

function wantsLocalesPackage(settings: BaselineSettings): boolean {
  return !BUILT_IN_LOCALES.has(normalizeLocale(settings.locale));
}

export const baseline = defineModule({
  name: 'baseline',
  description: 'Time zone, locale, apt cache and base packages',
  requires: [],
  schema: baselineSchema,
  facts: (settings: BaselineSettings) => ({
    // tzdata too: without it no zone file exists, with it a missing zone file means a misspelt zone.
    packages: packagesFact([...settings.packages, ...(wantsLocalesPackage(settings) ? ['locales'] : []), 'tzdata']),
    aptCacheAge: aptCacheAgeFact,
    timezone: timezoneFact,
    zoneExists: zoneExistsFact(settings.timezone),
    locales: availableLocalesFact(settings.locale),
    defaultLocale: fileFact(DEFAULT_LOCALE_FILE),
  }),
  plan(settings: BaselineSettings, facts) {
    const locale = normalizeLocale(settings.locale);
    // tzdata: Ubuntu's minimal systems lack it, and without it no zone can be set.
    const wanted = [...settings.packages, ...(wantsLocalesPackage(settings) ? ['locales'] : []), 'tzdata'];
    const steps: Step[] = installPackages(wanted, facts.packages, facts.aptCacheAge, settings.apt_cache_max_age);

    const zone = settings.timezone;
    if (facts.timezone.localtime !== zone || facts.timezone.timezoneFile !== zone) {
      // Without tzdata no zone exists yet; with it, a missing file means a misspelt zone.
      if (!facts.zoneExists && facts.packages.has('tzdata')) {
        throw new PlanRefusedError(`baseline.timezone: unknown time zone "${zone}" (no /usr/share/zoneinfo/${zone} on the host); use an IANA name such as Europe/Berlin`);
      }
      const zoneFile = `/usr/share/zoneinfo/${zone}`;
      steps.push({
        kind: 'command',
        title: `Set the time zone to ${zone}`,
        command: sh`test -f ${zoneFile} && ln -sfn ${zoneFile} /etc/localtime && printf '%s\n' ${zone} > /etc/timezone`,
      });
    }

    if (!facts.locales.has(locale)) {
      const [language = locale, charset = 'UTF-8'] = locale.split('.');
      const line = `${language}.${charset} ${charset}`;
      steps.push({
        kind: 'command',
        title: `Generate the locale ${locale}`,
        command: sh`sed -i ${`/^# *${line.replaceAll('.', '\\.')}$/s/^# *//`} ${LOCALE_GEN} && (grep -qx ${line} ${LOCALE_GEN} || printf '%s\n' ${line} >> ${LOCALE_GEN}) && locale-gen`,
      });
    }
    steps.push(
      ...ensureFile(
        {
          title: `Set the system locale to ${locale}`,
          path: DEFAULT_LOCALE_FILE,
          content: defaultLocaleFile(locale),
          mode: '0644',
          owner: 'root',
          group: 'root',
        },
        facts.defaultLocale,
      ),
    );
    return steps;
  },
});
