/**
 * Suppression comments in YAML files: `# erlint-disable-next-line RULE[, RULE] -- reason`,
 * `# erlint-disable RULE` ... `# erlint-enable RULE`, `# erlint-disable-file RULE`. Only real
 * comment tokens count (yaml's lexer), so `#` inside a quoted string or a block scalar never does.
 */
import { yaml } from './yaml-lib.js';
import type { Range } from '../types.js';

export type DirectiveKind = 'disable-next-line' | 'disable' | 'enable' | 'disable-file';

/** One suppression comment. `rules` empty means every rule. */
export interface Directive {
  kind: DirectiveKind;
  rules: string[];
  reason?: string;
  /** 1-based line of the comment. */
  line: number;
  range: Range;
}

const DIRECTIVE = /^#\s*erlint-(disable-next-line|disable-file|disable|enable)(?=\s|$)(.*)$/;
// Tokens the lexer emits to mark structure; they have no characters in the source.
const MARKERS = new Set(['\x02', '\x18', '\x1f']);

/** The directives of a YAML text, in order; `rangeAt` turns offsets into positions. */
export function readDirectives(text: string, rangeAt: (start: number, end: number) => Range): Directive[] {
  if (!text.includes('erlint-')) return [];
  const directives: Directive[] = [];
  let offset = 0;
  for (const token of new (yaml().Lexer)().lex(text)) {
    if (MARKERS.has(token)) continue;
    if (token.startsWith('#')) {
      const match = DIRECTIVE.exec(token.trimEnd());
      if (match) {
        const [list = '', reason] = match[2]!.split(/\s--\s?/, 2);
        const range = rangeAt(offset, offset + token.trimEnd().length);
        directives.push({
          kind: match[1] as DirectiveKind,
          rules: list.split(',').map((r) => r.trim()).filter((r) => r !== ''),
          ...(reason !== undefined && reason.trim() !== '' ? { reason: reason.trim() } : {}),
          line: range.start.line, range,
        });
      }
    }
    offset += token.length;
  }
  return directives;
}
