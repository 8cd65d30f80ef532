/**
 * The `yaml` package, loaded on first use. Plain files never need it (erlint's scanners or js-yaml
 * read them, see `fast.ts`), and loading it costs about 25 ms: a pre-commit run or `erlint --version` should not pay that.
 */
import { createRequire } from 'node:module';

type YamlLibrary = typeof import('yaml');

let library: YamlLibrary | undefined;

export function yaml(): YamlLibrary {
  library ??= createRequire(import.meta.url)('yaml') as YamlLibrary;
  return library;
}
