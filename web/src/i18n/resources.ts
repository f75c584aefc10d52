// From the locale files Vite found to i18next's resources, kept apart from the
// loader (which needs import.meta.glob) so that a test can feed it files. A
// language is either a folder, `locales/<language>/<namespace>.json`, or one
// file, `locales/<language>.json`, whose top-level keys are its namespaces:
// adding a language is adding that one file.

export type Tree = { [key: string]: string | Tree };
/** language → namespace → tree, as i18next takes them. */
export type Resources = Record<string, Record<string, Tree>>;

// A single file's `documents` holds the words of the printed reports, read by
// the server (src/modules/reports/i18n.ts), not a namespace of the web app.
const SERVER_ONLY = new Set(['documents']);

const FOLDER_FILE = /\/locales\/([^/]+)\/([^/]+)\.json$/;
const SINGLE_FILE = /\/locales\/([^/]+)\.json$/;

const isTree = (value: unknown): value is Tree =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The resources of the files (path → parsed JSON) of both layouts; a folder's namespace wins over the same one in a file. */
export function collectResources(files: Readonly<Record<string, unknown>>): Resources {
  const resources: Resources = {};
  const add = (language: string, namespace: string, tree: unknown, override: boolean) => {
    if (!isTree(tree) || SERVER_ONLY.has(namespace)) return;
    resources[language] ??= {};
    const namespaces = resources[language];
    if (override || namespaces[namespace] === undefined) namespaces[namespace] = tree;
  };
  for (const [path, content] of Object.entries(files)) {
    const folder = FOLDER_FILE.exec(path);
    if (folder) {
      add(folder[1] ?? '', folder[2] ?? '', content, true);
      continue;
    }
    const single = SINGLE_FILE.exec(path);
    if (single && isTree(content)) {
      for (const [namespace, tree] of Object.entries(content)) {
        add(single[1] ?? '', namespace, tree, false);
      }
    }
  }
  return resources;
}
