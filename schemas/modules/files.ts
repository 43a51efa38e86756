import { NORMAL_PATH, type ModuleSettings } from '../module-settings.js';

/** An absolute path: no empty, `.` or `..` component, no trailing slash, no newline. */
/** Three or four octal digits; stored as four (`644` and `0644` are the same mode). */
const MODE = '^[0-7]{3,4}$';
/** A user or group name as Debian's adduser allows it (numeric ids are not accepted: stat shows names). */
const ACCOUNT = '^[a-z_][a-z0-9_.-]{0,31}\\$?$';

const path = (description: string) => ({ type: 'string', pattern: NORMAL_PATH, description }) as const;
const mode = (fallback: string, description: string) => ({ type: 'string', pattern: MODE, default: fallback, description }) as const;
const owner = { type: 'string', pattern: ACCOUNT, default: 'root', description: 'owning user (a name)' } as const;
const group = { type: 'string', pattern: ACCOUNT, default: 'root', description: 'owning group (a name)' } as const;

/** Settings of the files module: directories, whole files and single lines, each converged exactly. */
export const filesSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    directories: {
      type: 'array',
      default: [],
      description: 'directories that exist with this mode and owner (created with their parents when missing; never removed)',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path'],
        properties: {
          path: path('absolute path of the directory'),
          mode: mode('0755', 'octal mode, e.g. 0750 (setgid and sticky bits included: 2775)'),
          owner,
          group,
        },
      },
    },
    files: {
      type: 'array',
      default: [],
      description: 'files that hold exactly this content, mode and owner; written atomically (temp file, then rename); at most 1 MiB each',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'content'],
        properties: {
          path: path('absolute path of the file (its directory must exist: list it under directories)'),
          content: { type: 'string', description: 'the whole content of the file, as it is (a YAML block scalar `|` keeps the final newline)' },
          mode: mode('0644', 'octal mode, e.g. 0600'),
          owner,
          group,
        },
      },
    },
    lines: {
      type: 'array',
      default: [],
      description:
        'lines present in files, like Ansible lineinfile; a missing file is created (0644 root:root), an existing one keeps its mode and owner; written atomically',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'line'],
        properties: {
          path: path('absolute path of the file; a path may have several lines, applied in the order listed'),
          line: { type: 'string', pattern: '^[^\\n]*$', description: 'the whole line, without its newline' },
          regexp: {
            type: 'string',
            minLength: 1,
            description:
              'a JavaScript regular expression (u flag) searched in each line, not anchored (add ^ and $); the last matching line is replaced by line; when none matches, line is appended unless already present',
          },
        },
      },
    },
  },
} as const;

export type FilesSettings = ModuleSettings<typeof filesSchema>;
