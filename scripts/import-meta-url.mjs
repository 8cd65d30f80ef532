// Injected into the CommonJS bundle of the command (`scripts/build-cli.mjs`): what `import.meta.url`
// is in erlint's ES modules, the URL of the file that holds the code.
import { pathToFileURL } from 'node:url';

export const importMetaUrl = pathToFileURL(__filename).href;
