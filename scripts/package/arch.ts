// The machine's architecture in each naming the package build meets: Node's (process.arch, the npm runtime package
// node-linux-<arch>), Debian's and RPM's.

export interface TargetArch {
  readonly node: 'x64' | 'arm64'
  readonly deb: 'amd64' | 'arm64'
  readonly rpm: 'x86_64' | 'aarch64'
}

const ARCHES: Readonly<Record<string, TargetArch>> = {
  x64: { node: 'x64', deb: 'amd64', rpm: 'x86_64' },
  arm64: { node: 'arm64', deb: 'arm64', rpm: 'aarch64' },
}

/** This machine's architecture; throws for one the packages are not built for. */
export function targetArch(nodeArch: string = process.arch): TargetArch {
  const a = ARCHES[nodeArch]
  if (!a) throw new Error(`packages are built for ${Object.keys(ARCHES).join(' and ')}, not ${nodeArch}`)
  return a
}
