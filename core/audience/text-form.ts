import {
  DEFINITION_VERSION,
  DefinitionSchema,
  type AudienceNode,
  type Definition,
  type GroupNode,
  type Operator,
  type RuleNode,
} from './definition';
import {
  CUSTOM_FIELD_PREFIX,
  OPERATORS_BY_TYPE,
  type FieldCatalog,
  type FieldDef,
  type FieldType,
} from './field-catalog';

/*
 * The text form of a definition: a readable expression that round-trips with the tree, e.g.
 *
 *   (industry = "Software" AND employees >= 200) AND NOT list:"Customers 2025"
 *
 * Grammar (keywords are case-insensitive; field ids are matched exactly, else ignoring case):
 *
 *   expression := or
 *   or         := and ( OR and )*
 *   and        := unary ( AND unary )*                    NOT binds tighter than AND, AND than OR
 *   unary      := NOT unary | primary
 *   primary    := "(" expression ")" | "()" | "(" OR ")"  "()" an empty AND group, "(OR)" an empty OR
 *               | rule | list | audience | intent
 *   rule       := field test
 *   field      := id | custom.<id or "key"> | "exact field id" | ?
 *   test       := = v | != v | < n | <= n | > n | >= n
 *               | in ( v, … ) | not in ( v, … )
 *               | contains s | starts with s | ends with s
 *               | is empty | is not empty | is true | is false
 *               | between n and n | before d | after d | within last n days
 *               | ?                                       no operator chosen yet
 *   v, s       := "text" (escapes \" and \\; other characters as they are) | number | ?
 *   d          := 2025-01-31 | "text"
 *   list       := list:ref | list:( ref, … ) | list any:( ref, … ) | list all:( ref, … )
 *   audience   := audience:ref | audience:?
 *   intent     := intent:any( ref, … ) [topics >= n] score >= n weeks n | intent:all( … ) …
 *                 (`topics >= n`: surging on at least n of the topics)
 *   ref        := "Name" | #id | #"id"                    by name; by id when the name is unknown
 *                                                         or shared by several
 *
 * `?` stands for a part the editor has not filled in yet, so half-built drafts print and parse
 * back too; validation points at them. Values are type-checked against the field: text and enum
 * fields take quoted text, number fields numbers, date fields dates.
 *
 * Not representable: node ids (parsing makes fresh ones), group labels, and a group of one
 * child (it prints as its child, negations combined) — none changes who matches, so
 * `canonicalJson(parse(print(d))) === canonicalJson(d)`. The printer writes the fewest
 * parentheses that rebuild the same nesting: a group inside another group with the same op keeps
 * its parentheses (they are the nesting), an AND inside an OR needs none.
 *
 * Expected failures are values: `parseDefinition` returns the first error with its offset and
 * 1-based line and column.
 */

export interface NameResolver {
  listName(id: string): string | undefined;
  listIdsByName(name: string): string[];
  audienceName(id: string): string | undefined;
  audienceIdsByName(name: string): string[];
  topicName(id: string): string | undefined;
  topicIdsByName(name: string): string[];
}

export type ParseError = { message: string; offset: number; line: number; column: number };
export type ParseResult = { ok: true; definition: Definition } | { ok: false; error: ParseError };

// Printing ---------------------------------------------------------------------------------------

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const BARE_ID = /^[A-Za-z0-9_-]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const RESERVED = new Set(['and', 'or', 'not', 'list', 'audience', 'intent', 'custom']);

export function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

const refText = (id: string) => `#${BARE_ID.test(id) ? id : quote(id)}`;

function nameOrRef(id: string, name: string | undefined, idsByName: (n: string) => string[]) {
  if (name === undefined) return refText(id);
  const ids = idsByName(name);
  return ids.length === 1 && ids[0] === id ? quote(name) : refText(id);
}

function fieldText(field: string): string {
  if (field === '') return '?';
  if (field.startsWith(CUSTOM_FIELD_PREFIX)) {
    const key = field.slice(CUSTOM_FIELD_PREFIX.length);
    return `custom.${quote(key)}`;
  }
  return IDENT.test(field) && !RESERVED.has(field.toLowerCase()) ? field : quote(field);
}

function valueText(value: RuleNode['value']): string {
  if (value === undefined || value === null) return '?';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `(${value.map((v) => valueText(v)).join(', ')})`;
}

const listText = (value: RuleNode['value']) =>
  Array.isArray(value)
    ? valueText(value)
    : value === undefined || value === null
      ? '?'
      : `(${valueText(value)})`;

const isCalendarDate = (text: string) => {
  if (!DATE.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

const SYMBOLS: Partial<Record<Operator, string>> = {
  eq: '=',
  neq: '!=',
  lt: '<',
  lte: '<=',
  gt: '>',
  gte: '>=',
};

function testText(rule: RuleNode): string {
  const { op, value } = rule;
  if (op === undefined) return '?';
  const symbol = SYMBOLS[op];
  if (symbol) return `${symbol} ${valueText(value)}`;
  switch (op) {
    case 'in':
      return `in ${listText(value)}`;
    case 'not_in':
      return `not in ${listText(value)}`;
    case 'contains':
      return `contains ${valueText(value)}`;
    case 'starts_with':
      return `starts with ${valueText(value)}`;
    case 'ends_with':
      return `ends with ${valueText(value)}`;
    case 'is_empty':
      return 'is empty';
    case 'is_not_empty':
      return 'is not empty';
    case 'is_true':
      return 'is true';
    case 'is_false':
      return 'is false';
    case 'between':
      return Array.isArray(value) && value.length === 2
        ? `between ${valueText(value[0])} and ${valueText(value[1])}`
        : 'between ?';
    case 'before':
    case 'after':
      return `${op} ${typeof value === 'string' && isCalendarDate(value) ? value : valueText(value)}`;
    case 'within_last':
      return `within last ${valueText(value)} days`;
    default:
      return '?';
  }
}

function conditionText(node: Exclude<AudienceNode, GroupNode>, names: NameResolver): string {
  switch (node.kind) {
    case 'rule':
      return `${fieldText(node.field)} ${testText(node)}`;
    case 'list': {
      const refs = node.uploadIds.map((id) =>
        nameOrRef(id, names.listName(id), (n) => names.listIdsByName(n)),
      );
      return node.match === 'any' && refs.length === 1
        ? `list:${refs[0]}`
        : `list ${node.match}:(${refs.join(', ')})`;
    }
    case 'audience':
      return node.audienceId === ''
        ? 'audience:?'
        : `audience:${nameOrRef(node.audienceId, names.audienceName(node.audienceId), (n) => names.audienceIdsByName(n))}`;
    case 'intent': {
      const refs = node.topics.map((id) =>
        nameOrRef(id, names.topicName(id), (n) => names.topicIdsByName(n)),
      );
      const atLeast = node.minTopics === undefined ? '' : ` topics >= ${node.minTopics}`;
      return `intent:${node.match}(${refs.join(', ')})${atLeast} score >= ${node.minScore} weeks ${node.withinWeeks}`;
    }
  }
}

/** A group of one child means its child (with the negations combined): print that instead. */
function unwrap(node: AudienceNode): AudienceNode {
  let current = node;
  while (current.kind === 'group' && current.children.length === 1) {
    const child = current.children[0]!;
    current = { ...child, not: (child.not === true) !== (current.not === true) };
  }
  return current;
}

function nodeText(node: AudienceNode, parentOp: 'and' | 'or' | null, names: NameResolver): string {
  const n = unwrap(node);
  const not = n.not ? 'NOT ' : '';
  if (n.kind !== 'group') return not + conditionText(n, names);
  if (n.children.length === 0) return not + (n.op === 'and' ? '()' : '(OR)');
  const inner = n.children
    .map((c) => nodeText(c, n.op, names))
    .join(n.op === 'and' ? ' AND ' : ' OR ');
  const parens = n.not || parentOp === 'and' || (parentOp === 'or' && n.op === 'or');
  return not + (parens ? `(${inner})` : inner);
}

export function printDefinition(definition: Definition, names: NameResolver): string {
  return nodeText(definition.root, null, names);
}

/** The text of one node and what is below it, as it would read on its own. */
export function printNode(node: AudienceNode, names: NameResolver): string {
  return nodeText(node, null, names);
}

// Lexing -----------------------------------------------------------------------------------------

type Token =
  | { t: 'word' | 'string' | 'date' | 'ref'; v: string; at: number; end: number }
  | { t: 'number'; v: number; raw: string; at: number; end: number }
  | { t: 'punct'; v: string; at: number; end: number }
  | { t: 'eof'; v: ''; at: number; end: number };

class Failure {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

const PUNCT = ['<=', '>=', '!=', '(', ')', ',', ':', '.', '?', '=', '<', '>'];
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![A-Za-z0-9_])/y;
const DATE_TOKEN = /\d{4}-\d{2}-\d{2}(?![A-Za-z0-9_])/y;
const REF = /[A-Za-z0-9_-]+/y;

function lexString(text: string, at: number): { value: string; end: number } {
  let value = '';
  let i = at + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') return { value, end: i + 1 };
    if (ch === '\\') {
      const next = text[i + 1];
      if (next !== '"' && next !== '\\')
        throw new Failure(
          next === undefined
            ? 'Unterminated text: a closing " is missing'
            : `Unknown escape "\\${next}" in text: only \\" and \\\\ are escapes`,
          i,
        );
      value += next;
      i += 2;
      continue;
    }
    value += ch;
    i++;
  }
  throw new Failure('Unterminated text: a closing " is missing', at);
}

function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const sticky = (re: RegExp) => {
    re.lastIndex = i;
    return re.exec(text)?.[0];
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const at = i;
    if (ch === '"') {
      const { value, end } = lexString(text, i);
      tokens.push({ t: 'string', v: value, at, end });
      i = end;
      continue;
    }
    if (ch === '#') {
      if (text[i + 1] === '"') {
        const { value, end } = lexString(text, i + 1);
        tokens.push({ t: 'ref', v: value, at, end });
        i = end;
        continue;
      }
      i++;
      const id = sticky(REF);
      if (!id) throw new Failure('Expected an id after "#"', at);
      i += id.length;
      tokens.push({ t: 'ref', v: id, at, end: i });
      continue;
    }
    const date = sticky(DATE_TOKEN);
    if (date) {
      if (!isCalendarDate(date)) throw new Failure(`"${date}" is not a calendar date`, at);
      i += date.length;
      tokens.push({ t: 'date', v: date, at, end: i });
      continue;
    }
    const number = sticky(NUMBER);
    if (number) {
      i += number.length;
      tokens.push({ t: 'number', v: Number(number), raw: number, at, end: i });
      continue;
    }
    const word = sticky(WORD);
    if (word) {
      i += word.length;
      tokens.push({ t: 'word', v: word, at, end: i });
      continue;
    }
    const punct = PUNCT.find((p) => text.startsWith(p, i));
    if (!punct) throw new Failure(`Unexpected character "${ch}"`, at);
    i += punct.length;
    tokens.push({ t: 'punct', v: punct, at, end: i });
  }
  tokens.push({ t: 'eof', v: '', at: text.length, end: text.length });
  return tokens;
}

// Parsing ----------------------------------------------------------------------------------------

const TYPE_NAMES: Record<FieldType, string> = {
  text: 'a text field',
  number: 'a number field',
  date: 'a date field',
  boolean: 'a yes/no field',
  enum: 'a field with set values',
};

const OPERATOR_TEXT: Record<Operator, string> = {
  eq: '=',
  neq: '!=',
  in: 'in',
  not_in: 'not in',
  contains: 'contains',
  starts_with: 'starts with',
  ends_with: 'ends with',
  is_empty: 'is empty',
  is_not_empty: 'is not empty',
  lt: '<',
  lte: '<=',
  gt: '>',
  gte: '>=',
  between: 'between',
  before: 'before',
  after: 'after',
  within_last: 'within last',
  is_true: 'is true',
  is_false: 'is false',
};

function describe(token: Token): string {
  switch (token.t) {
    case 'eof':
      return 'the end';
    case 'string':
      return `the text ${quote(token.v)}`;
    case 'number':
      return `"${token.raw}"`;
    case 'ref':
      return `"#${token.v}"`;
    default:
      return `"${token.v}"`;
  }
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(
        previous[j]! + 1,
        row[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = row;
  }
  return previous[b.length]!;
}

function closest(wanted: string, candidates: readonly string[]): string | undefined {
  const target = wanted.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(target, candidate.toLowerCase());
    if (
      distance <= Math.max(1, Math.floor(target.length / 3)) &&
      (!best || distance < best.distance)
    )
      best = { candidate, distance };
  }
  return best?.candidate;
}

const orList = (items: readonly string[]) =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;

class Parser {
  private i = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly names: NameResolver,
    private readonly catalog: FieldCatalog,
    private readonly newId: () => string,
    private readonly text: string,
  ) {}

  private where(offset: number): string {
    const { line, column } = position(this.text, offset);
    return `line ${line}, column ${column}`;
  }

  private get token(): Token {
    return this.tokens[this.i]!;
  }

  private peek(ahead = 1): Token {
    return this.tokens[Math.min(this.i + ahead, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.token;
    if (token.t !== 'eof') this.i++;
    return token;
  }

  private atEnd(): boolean {
    return this.token.t === 'eof';
  }

  private isWord(word: string, token = this.token): boolean {
    return token.t === 'word' && token.v.toLowerCase() === word;
  }

  private isPunct(p: string, token = this.token): boolean {
    return token.t === 'punct' && token.v === p;
  }

  private fail(message: string, token = this.token): never {
    throw new Failure(message, token.at);
  }

  private expectPunct(p: string, context: string): Token {
    if (!this.isPunct(p)) this.fail(`Expected "${p}" ${context}, found ${describe(this.token)}`);
    return this.next();
  }

  private expectWord(word: string, context: string): Token {
    if (!this.isWord(word))
      this.fail(`Expected "${word}" ${context}, found ${describe(this.token)}`);
    return this.next();
  }

  private group(op: 'and' | 'or', children: AudienceNode[]): GroupNode {
    return { id: this.newId(), kind: 'group', op, children };
  }

  definition(): Definition {
    if (this.token.t === 'eof') return { version: DEFINITION_VERSION, root: this.group('and', []) };
    const node = this.or();
    if (!this.atEnd()) this.fail(`Expected AND, OR or the end, found ${describe(this.token)}`);
    return {
      version: DEFINITION_VERSION,
      root: node.kind === 'group' ? node : this.group('and', [node]),
    };
  }

  private or(): AudienceNode {
    const operands = [this.and()];
    while (this.isWord('or')) {
      this.next();
      operands.push(this.and());
    }
    return operands.length === 1 ? operands[0]! : this.group('or', operands);
  }

  private and(): AudienceNode {
    const operands = [this.unary()];
    while (this.isWord('and')) {
      this.next();
      operands.push(this.unary());
    }
    return operands.length === 1 ? operands[0]! : this.group('and', operands);
  }

  private unary(): AudienceNode {
    if (!this.isWord('not')) return this.primary();
    this.next();
    const node = this.unary();
    const not = !node.not;
    const { not: _drop, ...rest } = node;
    return (not ? { ...rest, not } : rest) as AudienceNode;
  }

  private primary(): AudienceNode {
    const token = this.token;
    if (this.isPunct('(')) {
      this.next();
      if (this.isPunct(')')) {
        this.next();
        return this.group('and', []);
      }
      if (this.isWord('or') && this.isPunct(')', this.peek())) {
        this.next();
        this.next();
        return this.group('or', []);
      }
      const inner = this.or();
      if (!this.isPunct(')'))
        this.fail(
          `Expected ")" to close the "(" at ${this.where(token.at)}, found ${describe(this.token)}`,
        );
      this.next();
      return inner;
    }
    const colonNext = this.isPunct(':', this.peek());
    if (this.isWord('list') && (colonNext || this.isMatchColon(1))) return this.list();
    if (this.isWord('audience') && colonNext) return this.audience();
    if (this.isWord('intent') && colonNext) return this.intent();
    if (token.t === 'word' || token.t === 'string' || (token.t === 'punct' && token.v === '?')) {
      if (token.t === 'word' && (this.isWord('and') || this.isWord('or')))
        this.fail(`Expected a condition before "${token.v}"`);
      return this.rule();
    }
    return this.fail(`Expected a condition, found ${describe(token)}`);
  }

  private isMatchColon(ahead: number): boolean {
    const word = this.peek(ahead);
    return (
      (this.isWord('any', word) || this.isWord('all', word)) &&
      this.isPunct(':', this.peek(ahead + 1))
    );
  }

  // Conditions on memberships --------------------------------------------------------------------

  private refs(
    kind: 'list' | 'topic',
    resolve: (name: string) => string[],
    opener: Token,
  ): string[] {
    const ids: string[] = [];
    if (this.isPunct(')')) {
      this.next();
      return ids;
    }
    for (;;) {
      ids.push(this.ref(kind, resolve));
      if (this.isPunct(',')) {
        this.next();
        continue;
      }
      if (this.isPunct(')')) {
        this.next();
        return ids;
      }
      this.fail(
        `Expected "," or ")" to close the "(" at ${this.where(opener.at)}, found ${describe(this.token)}`,
      );
    }
  }

  private ref(kind: 'list' | 'topic' | 'audience', resolve: (name: string) => string[]): string {
    const token = this.token;
    if (token.t === 'ref') {
      this.next();
      return token.v;
    }
    if (token.t !== 'string')
      this.fail(`Expected a ${kind} name in quotes or #id, found ${describe(token)}`);
    this.next();
    const ids = resolve(token.v);
    if (ids.length === 1) return ids[0]!;
    const prefix = kind === 'topic' ? '' : `${kind}:`;
    if (ids.length === 0) return this.fail(`Unknown ${kind} ${quote(token.v)}`, token);
    return this.fail(
      `${ids.length} ${kind}s are named ${quote(token.v)}: write ${orList(ids.map((id) => prefix + refText(id)))}`,
      token,
    );
  }

  private list(): AudienceNode {
    this.next();
    let match: 'any' | 'all' = 'any';
    if (!this.isPunct(':')) match = String(this.next().v).toLowerCase() as 'any' | 'all';
    this.next();
    const resolve = (name: string) => this.names.listIdsByName(name);
    let uploadIds: string[];
    if (this.isPunct('(')) uploadIds = this.refs('list', resolve, this.next());
    else uploadIds = [this.ref('list', resolve)];
    return { id: this.newId(), kind: 'list', uploadIds, match };
  }

  private audience(): AudienceNode {
    this.next();
    this.next();
    let audienceId = '';
    if (this.isPunct('?')) this.next();
    else audienceId = this.ref('audience', (name) => this.names.audienceIdsByName(name));
    return { id: this.newId(), kind: 'audience', audienceId };
  }

  private wholeNumber(what: string, min: number, max: number, after: string): number {
    const token = this.token;
    if (token.t !== 'number' || !Number.isInteger(token.v) || token.v < min || token.v > max)
      this.fail(`Expected ${what} (a whole number from ${min} to ${max}) after "${after}"`);
    this.next();
    return token.v as number;
  }

  private intent(): AudienceNode {
    this.next();
    this.next();
    if (!this.isWord('any') && !this.isWord('all'))
      this.fail(`Expected "any" or "all" after "intent:", found ${describe(this.token)}`);
    const match = String(this.next().v).toLowerCase() as 'any' | 'all';
    const opener = this.expectPunct('(', `after "intent:${match}"`);
    const topics = this.refs('topic', (name) => this.names.topicIdsByName(name), opener);
    let minTopics: number | undefined;
    if (this.isWord('topics')) {
      this.next();
      this.expectPunct('>=', 'after "topics"');
      minTopics = this.wholeNumber('a number of topics', 1, 200, '>=');
    }
    this.expectWord('score', 'after the topics (intent:any(…) score >= 60 weeks 4)');
    this.expectPunct('>=', 'after "score"');
    const minScore = this.wholeNumber('a score', 0, 100, '>=');
    this.expectWord('weeks', 'after the score (intent:any(…) score >= 60 weeks 4)');
    const withinWeeks = this.wholeNumber('a number of weeks', 1, 12, 'weeks');
    return {
      id: this.newId(),
      kind: 'intent',
      topics,
      match,
      ...(minTopics === undefined ? {} : { minTopics }),
      minScore,
      withinWeeks,
    };
  }

  // Conditions on fields -------------------------------------------------------------------------

  private field(): { id: string; def: FieldDef | undefined } {
    const token = this.next();
    if (token.t === 'punct') return { id: '', def: undefined };
    if (token.t !== 'string' && token.t !== 'word')
      return this.fail(`Expected a field, found ${describe(token)}`, token);
    if (token.t === 'string') {
      const def = this.catalog.byId.get(token.v);
      if (!def) this.fail(`Unknown field ${quote(token.v)}`, token);
      return { id: token.v, def };
    }
    if (this.isWord('custom', token) && this.isPunct('.')) {
      this.next();
      const keyToken = this.next();
      if (keyToken.t !== 'string' && keyToken.t !== 'word')
        return this.fail(
          `Expected a custom attribute name after "custom.", found ${describe(keyToken)}`,
          keyToken,
        );
      const customs = this.catalog.fields.filter((f) => f.source.kind === 'custom');
      const keyOf = (f: FieldDef) => f.id.slice(CUSTOM_FIELD_PREFIX.length);
      const key = keyToken.v;
      const def =
        this.catalog.byId.get(CUSTOM_FIELD_PREFIX + key) ??
        unique(customs.filter((f) => keyOf(f).toLowerCase() === key.toLowerCase()));
      if (def) return { id: def.id, def };
      const guess = closest(key, customs.map(keyOf));
      return this.fail(
        `Unknown custom attribute ${quote(key)}${guess ? ` — did you mean custom.${quote(guess)}?` : ''}`,
        keyToken,
      );
    }
    const def =
      this.catalog.byId.get(token.v) ??
      unique(
        this.catalog.fields.filter(
          (f) => f.source.kind !== 'custom' && f.id.toLowerCase() === token.v.toLowerCase(),
        ),
      );
    if (def) return { id: def.id, def };
    const guess = closest(
      token.v,
      this.catalog.fields.filter((f) => f.source.kind !== 'custom').map((f) => f.id),
    );
    return this.fail(
      `Unknown field ${quote(token.v)}${guess ? ` — did you mean ${quote(guess)}?` : ''}`,
      token,
    );
  }

  private operator(fieldText: string): { op: Operator | undefined; token: Token } {
    const token = this.token;
    if (token.t === 'punct') {
      const symbol = Object.entries(SYMBOLS).find(([, s]) => s === token.v);
      if (symbol) {
        this.next();
        return { op: symbol[0] as Operator, token };
      }
      if (token.v === '?') {
        this.next();
        return { op: undefined, token };
      }
    }
    const words: Array<[string[], Operator]> = [
      [['in'], 'in'],
      [['not', 'in'], 'not_in'],
      [['contains'], 'contains'],
      [['starts', 'with'], 'starts_with'],
      [['ends', 'with'], 'ends_with'],
      [['is', 'empty'], 'is_empty'],
      [['is', 'not', 'empty'], 'is_not_empty'],
      [['is', 'true'], 'is_true'],
      [['is', 'false'], 'is_false'],
      [['between'], 'between'],
      [['before'], 'before'],
      [['after'], 'after'],
      [['within', 'last'], 'within_last'],
    ];
    for (const [sequence, op] of words)
      if (sequence.every((w, k) => this.isWord(w, this.peek(k)))) {
        this.i += sequence.length;
        return { op, token };
      }
    return this.fail(
      `Expected an operator after ${fieldText} (=, !=, <, >, in, contains, is empty, between, before, …), found ${describe(token)}`,
    );
  }

  private value(type: FieldType | undefined, after: string): string | number | undefined {
    const token = this.token;
    if (this.isPunct('?')) {
      this.next();
      return undefined;
    }
    const wantsNumber = type === 'number';
    const wantsText = type === 'text' || type === 'enum';
    if (token.t === 'number' && !wantsText) {
      this.next();
      return token.v;
    }
    if (token.t === 'string' && !wantsNumber) {
      this.next();
      return token.v;
    }
    if (token.t === 'number' || token.t === 'date')
      this.fail(
        `Expected text in double quotes after "${after}" (write "${'raw' in token ? token.raw : token.v}")`,
      );
    if (token.t === 'string')
      this.fail(`Expected a number after "${after}", found ${describe(token)}`);
    return this.fail(`Expected a value after "${after}"`);
  }

  private rule(): RuleNode {
    const { id: field, def } = this.field();
    const fieldText = field === '' ? 'the field' : quote(def?.id ?? field);
    const { op, token: opToken } = this.operator(fieldText);
    const type = def?.type;
    if (op && type && !OPERATORS_BY_TYPE[type].includes(op))
      this.fail(
        `"${OPERATOR_TEXT[op]}" does not apply to ${def.id} (${TYPE_NAMES[type]}); use ${orList(OPERATORS_BY_TYPE[type].map((o) => `"${OPERATOR_TEXT[o]}"`))}`,
        opToken,
      );
    const node: RuleNode = { id: '', kind: 'rule', field, ...(op ? { op } : {}) };
    const after = op ? OPERATOR_TEXT[op] : '';
    const set = (value: RuleNode['value'] | undefined) =>
      value === undefined ? undefined : (node.value = value);
    switch (op) {
      case undefined:
      case 'is_empty':
      case 'is_not_empty':
      case 'is_true':
      case 'is_false':
        break;
      case 'in':
      case 'not_in': {
        if (this.isPunct('?')) {
          this.next();
          break;
        }
        const opener = this.expectPunct('(', `after "${after}" (${after} ("a", "b"))`);
        const values: Array<string | number> = [];
        if (!this.isPunct(')'))
          for (;;) {
            const v = this.value(type, values.length ? ',' : '(');
            if (v !== undefined) values.push(v);
            if (this.isPunct(',')) {
              this.next();
              continue;
            }
            if (this.isPunct(')')) break;
            this.fail(
              `Expected "," or ")" to close the "(" at ${this.where(opener.at)}, found ${describe(this.token)}`,
            );
          }
        this.next();
        set(values as string[] | number[]);
        break;
      }
      case 'between': {
        if (this.isPunct('?')) {
          this.next();
          break;
        }
        const low = this.value(type ?? 'number', 'between');
        this.expectWord('and', 'between the two bounds (between 200 and 999)');
        const high = this.value(type ?? 'number', 'and');
        if (low !== undefined && high !== undefined) set([low, high] as number[]);
        break;
      }
      case 'before':
      case 'after': {
        const token = this.token;
        if (token.t === 'date' || token.t === 'string') {
          this.next();
          set(token.v);
        } else if (this.isPunct('?')) this.next();
        else this.fail(`Expected a date such as 2025-01-31 after "${after}"`);
        break;
      }
      case 'within_last': {
        set(this.value('number', 'within last'));
        this.expectWord('days', 'after the number (within last 30 days)');
        break;
      }
      default:
        set(this.value(type, after));
    }
    node.id = this.newId();
    return node;
  }
}

const unique = <T>(items: readonly T[]): T | undefined =>
  items.length === 1 ? items[0] : undefined;

function position(text: string, offset: number): ParseError {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { message: '', offset, line, column };
}

export function parseDefinition(
  text: string,
  names: NameResolver,
  catalog: FieldCatalog,
  newId: () => string,
): ParseResult {
  try {
    const definition = new Parser(lex(text), names, catalog, newId, text).definition();
    const checked = DefinitionSchema.safeParse(definition);
    if (!checked.success)
      return {
        ok: false,
        error: { ...position(text, 0), message: checked.error.issues[0]?.message ?? 'Invalid' },
      };
    return { ok: true, definition };
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    return { ok: false, error: { ...position(text, error.offset), message: error.message } };
  }
}
