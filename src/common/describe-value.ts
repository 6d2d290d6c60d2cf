/** A short, readable rendering of any value for error messages ("actual: [1, 2, 3]"). */

const MAX_ITEMS = 8;
const MAX_LENGTH = 120;

/**
 * Renders `value` briefly: numbers and strings as literals, arrays and typed arrays with their
 * first items, plain objects with their first keys, everything else by its type.
 */
export function describeValue(value: unknown): string {
  const text = render(value, 2);
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 3)}...` : text;
}

function render(value: unknown, depth: number): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'number':
      return Object.is(value, -0) ? '0' : String(value);
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
    case 'bigint':
      return `${String(value)}${typeof value === 'bigint' ? 'n' : ''}`;
    case 'symbol':
      return value.toString();
    case 'function':
      return `function ${value.name || '(anonymous)'}`;
    default:
      return renderObject(value, depth);
  }
}

function renderObject(value: object, depth: number): string {
  if (Array.isArray(value)) return `[${renderItems(value, depth)}]`;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const items = Array.from(value as unknown as ArrayLike<number>);
    return `${value.constructor.name} [${renderItems(items, depth)}]`;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    const text = String(value);
    return text.startsWith('[object') ? `a ${value.constructor.name}` : text;
  }
  if (depth === 0) return '{...}';
  const keys = Object.keys(value);
  const shown = keys
    .slice(0, MAX_ITEMS)
    .map((key) => `${key}: ${render((value as Record<string, unknown>)[key], depth - 1)}`);
  if (keys.length > MAX_ITEMS) shown.push(`... ${keys.length - MAX_ITEMS} more`);
  return `{ ${shown.join(', ')} }`.replace('{  }', '{}');
}

function renderItems(items: readonly unknown[], depth: number): string {
  if (depth === 0) return items.length === 0 ? '' : '...';
  const shown = items.slice(0, MAX_ITEMS).map((item) => render(item, depth - 1));
  if (items.length > MAX_ITEMS) shown.push(`... ${items.length - MAX_ITEMS} more`);
  return shown.join(', ');
}
