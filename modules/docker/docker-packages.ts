import type { OsRelease } from '../../src/facts/os-release.js';

/** Docker CE from Docker's repository, as Docker's install guide lists it. */
export const OFFICIAL_PACKAGES: readonly string[] = ['docker-ce', 'docker-ce-cli', 'containerd.io', 'docker-buildx-plugin', 'docker-compose-plugin'];

/** Installed with Docker CE by its recommends, or later by hand: removed with it when switching to distro. */
const OFFICIAL_EXTRAS: readonly string[] = ['docker-ce-rootless-extras'];

/** The distribution's packages Docker CE conflicts with (Docker's guide removes exactly these first). */
const DISTRO_CONFLICTS: readonly string[] = ['docker.io', 'docker-doc', 'docker-compose', 'docker-compose-v2', 'podman-docker', 'containerd', 'runc'];

/** The distribution's engine, and its compose: Ubuntu ships compose v2 as docker-compose-v2, Debian 12 only v1. */
export function distroPackages(os: OsRelease): string[] {
  return ['docker.io', os.id === 'ubuntu' ? 'docker-compose-v2' : 'docker-compose'];
}

/** The package whose service is dockerd, per source: installed before the run means a restart may be due. */
export function enginePackage(source: 'official' | 'distro'): string {
  return source === 'official' ? 'docker-ce' : 'docker.io';
}

/** Installed packages of the other source, which must go before this source's packages can come. */
export function conflictingPackages(source: 'official' | 'distro'): readonly string[] {
  return source === 'official' ? DISTRO_CONFLICTS : [...OFFICIAL_PACKAGES, ...OFFICIAL_EXTRAS];
}

/** apt needs the CA bundle to fetch from Docker's https repository (minimal images may lack it). */
export const OFFICIAL_PREREQUISITES: readonly string[] = ['ca-certificates'];

/** Every package plan may ask about, whatever the source and distribution. */
export const ALL_PACKAGES: readonly string[] = [...new Set([...OFFICIAL_PREREQUISITES, ...OFFICIAL_PACKAGES, ...OFFICIAL_EXTRAS, ...DISTRO_CONFLICTS])];
