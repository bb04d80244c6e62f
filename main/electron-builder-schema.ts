import { z } from 'zod';

/**
 * The part of electron-builder's configuration schema (app-builder-lib's `scheme.json`, 26.x)
 * that `electron-builder.yml` uses, transcribed with the same names, types and required keys,
 * every object strict as upstream (`additionalProperties: false`), so a misspelt key fails
 * here as it would in electron-builder. app-builder-lib is not installed in this repository.
 */
const text = z.string().nullable().optional();
const flag = z.boolean().optional();
const texts = z
  .union([z.array(z.string()), z.string()])
  .nullable()
  .optional();

const fileSet = z.strictObject({
  from: z.string().optional(),
  to: z.string().optional(),
  filter: z.union([z.array(z.string()), z.string()]).optional(),
});
const files = z.union([fileSet, z.array(z.union([fileSet, z.string()])), z.string()]).nullable();
const arch = z.enum(['arm64', 'armv7l', 'ia32', 'universal', 'x64']);
const targetConfiguration = z.strictObject({
  target: z.string(),
  arch: z.union([arch, z.array(arch)]).optional(),
});
const target = z
  .union([targetConfiguration, z.array(z.union([targetConfiguration, z.string()])), z.string()])
  .nullable();
const macTargetName = z.enum(['dmg', 'zip', 'pkg', 'mas', 'mas-dev', 'dir', 'default', '7z']);
const protocol = z.strictObject({
  name: z.string(),
  schemes: z.array(z.string()),
  role: z.enum(['Editor', 'None', 'Shell', 'Viewer']).optional(),
});
const genericServer = z.strictObject({
  provider: z.literal('generic'),
  url: z.string(),
  channel: text,
  publishAutoUpdate: flag,
  useMultipleRangeRequest: flag,
  timeout: z.number().nullable().optional(),
});
const common = {
  appId: text,
  artifactName: text,
  executableName: text,
  files: files.optional(),
  extraResources: files.optional(),
  extraFiles: files.optional(),
  protocols: z.union([protocol, z.array(protocol)]).optional(),
  publish: z
    .union([genericServer, z.array(genericServer), z.string()])
    .nullable()
    .optional(),
};

/** electron-builder's `Configuration`, the keys this app uses and their neighbours. */
export const electronBuilderConfigSchema = z.strictObject({
  ...common,
  productName: text,
  copyright: text,
  directories: z
    .strictObject({ app: text, buildResources: text, output: text })
    .nullable()
    .optional(),
  npmRebuild: flag,
  asar: z
    .union([z.boolean(), z.strictObject({ ordering: text, smartUnpack: flag })])
    .nullable()
    .optional(),
  asarUnpack: texts,
  electronLanguages: z.union([z.array(z.string()), z.string()]).optional(),
  linux: z
    .strictObject({
      ...common,
      target: target.optional(),
      category: text,
      icon: z.string().optional(),
      synopsis: text,
      description: text,
      maintainer: text,
      vendor: text,
      desktop: z.unknown().optional(),
      mimeTypes: z.array(z.string()).nullable().optional(),
    })
    .nullable()
    .optional(),
  deb: z
    .strictObject({
      artifactName: text,
      packageCategory: text,
      priority: text,
      depends: z.array(z.string()).nullable().optional(),
      compression: z.enum(['bzip2', 'gz', 'lzo', 'xz']).nullable().optional(),
    })
    .nullable()
    .optional(),
  win: z
    .strictObject({
      ...common,
      target: target.optional(),
      icon: text,
      publisherName: texts,
      verifyUpdateCodeSignature: flag,
      requestedExecutionLevel: z
        .enum(['asInvoker', 'highestAvailable', 'requireAdministrator'])
        .nullable()
        .optional(),
    })
    .nullable()
    .optional(),
  nsis: z
    .strictObject({
      oneClick: flag,
      perMachine: flag,
      allowToChangeInstallationDirectory: flag,
      allowElevation: flag,
      installerIcon: text,
      uninstallerIcon: text,
      installerHeaderIcon: text,
      createDesktopShortcut: z.union([z.boolean(), z.literal('always')]).optional(),
      createStartMenuShortcut: flag,
      runAfterFinish: flag,
      deleteAppDataOnUninstall: flag,
      shortcutName: text,
      artifactName: text,
      installerLanguages: texts,
      multiLanguageInstaller: flag,
    })
    .nullable()
    .optional(),
  mac: z
    .strictObject({
      ...common,
      target: z
        .union([macTargetName, z.array(z.union([macTargetName, targetConfiguration]))])
        .nullable()
        .optional(),
      category: text,
      icon: text,
      hardenedRuntime: flag,
      gatekeeperAssess: flag,
      entitlements: text,
      entitlementsInherit: text,
      extendInfo: z.unknown().optional(),
      minimumSystemVersion: text,
      darkModeSupport: flag,
      notarize: z.boolean().nullable().optional(),
    })
    .nullable()
    .optional(),
  dmg: z
    .strictObject({
      icon: text,
      background: text,
      backgroundColor: text,
      title: text,
      iconSize: z.number().nullable().optional(),
      format: z.enum(['UDBZ', 'UDCO', 'UDRO', 'UDRW', 'UDZO', 'ULFO']).optional(),
      artifactName: text,
      sign: flag,
    })
    .nullable()
    .optional(),
});
