/** A restic repository as the settings name it. */
export type Repository =
  | { readonly kind: 'local'; readonly location: string }
  | { readonly kind: 'sftp'; readonly location: string; readonly user: string; readonly host: string; readonly path: string }
  | { readonly kind: 's3'; readonly location: string };

/** Reads backup.repository (already matched by the schema's pattern). */
export function parseRepository(location: string): Repository {
  if (location.startsWith('/')) return { kind: 'local', location };
  if (location.startsWith('s3:')) return { kind: 's3', location };
  const match = /^sftp:([^@]+)@(.+?):(\/.*)$/.exec(location);
  if (!match) throw new Error(`not a repository: ${location}`);
  return { kind: 'sftp', location, user: match[1]!, host: match[2]!, path: match[3]! };
}
