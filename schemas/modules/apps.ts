import { localDirectorySetting, NORMAL_PATH, secretSetting, type ModuleSettings } from '../module-settings.js';

/** A compose project name: lowercase letters, digits, `_` and `-`, starting with a letter or digit. */
export const APP_NAME = '^[a-z0-9][a-z0-9_-]{0,62}$';
/** A path inside an app's directory: `/`-separated names of letters, digits and `._-`, no `.` or `..` part. */
export const APP_FILE_PATH = '^(?!\\.\\.?(/|$))[A-Za-z0-9._-]+(/(?!\\.\\.?(/|$))[A-Za-z0-9._-]+)*$';
/** A variable name as compose reads it from `.env`. */
export const ENV_KEY = '^[A-Za-z_][A-Za-z0-9_]*$';

const app = {
  type: 'object',
  additionalProperties: false,
  properties: {
    dir: localDirectorySetting(
      "a local directory with the compose file and the files it needs (relative to the inventory's directory), read when the inventory is loaded; text files only, at most 1 MiB each",
    ),
    files: {
      type: 'object',
      default: {},
      description: 'files written inline, by path inside the app directory (added to those of dir; a path may not be in both)',
      propertyNames: { pattern: APP_FILE_PATH },
      additionalProperties: { type: 'string' },
    },
    compose_file: {
      type: 'string',
      pattern: APP_FILE_PATH,
      description: 'the compose file among the files; default: the first of compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml',
    },
    env: {
      type: 'object',
      default: {},
      description: "plain values written to the app's .env (0600 root), for `${NAME}` in the compose file or `env_file: .env`",
      propertyNames: { pattern: ENV_KEY },
      additionalProperties: { type: 'string', pattern: "^[^\\n']*$" },
    },
    secrets: {
      type: 'object',
      default: {},
      description: "secret values written to the app's .env like env; never shown in plan, logs or state",
      propertyNames: { pattern: ENV_KEY },
      additionalProperties: secretSetting('`${env:NAME}` or `${file:PATH}`; one line, no single quote'),
    },
    pull: {
      enum: ['missing', 'always', 'never'],
      default: 'missing',
      description:
        'when a deploy pulls images: missing (only images not on the host), always (newer images at every deploy), never (images must be on the host: built there or loaded)',
    },
    http: {
      type: 'object',
      additionalProperties: false,
      required: ['url'],
      description: 'an HTTP check run on the host after the services are up',
      properties: {
        url: { type: 'string', pattern: '^https?://[^\\s]+$', description: 'the URL curl asks on the host, e.g. http://127.0.0.1:8080/' },
        status: { type: 'integer', minimum: 100, maximum: 599, default: 200, description: 'the HTTP status it must answer' },
      },
    },
  },
} as const;

/** Settings of the apps module: named Docker Compose projects deployed under one directory. */
export const appsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    root: { type: 'string', pattern: NORMAL_PATH, default: '/opt/apps', description: 'the directory that holds one directory per app (ROOT/NAME)' },
    prune: {
      type: 'boolean',
      default: false,
      description: 'take down (`docker compose down`) and remove the files of apps Phanes deployed here that are no longer listed; data the containers wrote stays',
    },
    apps: {
      type: 'object',
      default: {},
      description: 'the apps by name (the compose project name); each needs a compose file from dir or files',
      propertyNames: { pattern: APP_NAME },
      additionalProperties: app,
    },
  },
} as const;

export type AppsSettings = ModuleSettings<typeof appsSchema>;
export type AppSettings = AppsSettings['apps'][string];
