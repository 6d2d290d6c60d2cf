/** The designs a search has evaluated, as a tree of the choices that led to them: which choices still lead to a design not evaluated yet. */

interface TreeNode {
  /** The choices this node allows (recorded on the first visit). */
  allowed: readonly number[] | undefined;
  /** Children (by choice) every path below which has been completed. */
  readonly full: Set<number>;
}

/**
 * A design is reached by a path of choices: the dimensions of one complete-design action, or the
 * decisions of a sequential episode one step after another. `allowed(path, choices)` says which of
 * the `choices` open at `path` still lead to a design not evaluated yet; `complete(path)` records a
 * path that evaluated a design (a leaf), and a node whose allowed choices are all exhausted becomes
 * exhausted in turn. An agent that samples choice by choice within these flags draws only new designs
 * (an exact sample of its distribution conditioned on being new) and never retries. The environment
 * must be deterministic: the same path, the same design.
 *
 * @example
 * const designs = new EvaluatedDesigns();
 * designs.allowed([], [0, 1]);   // undefined: both first choices still lead somewhere new
 * designs.allowed([0], [0, 1]);
 * designs.complete([0, 0]);
 * designs.allowed([0], [0, 1]);   // [0, 1]: after choice 0, only choice 1 is new
 * designs.complete([0, 1]);
 * designs.allowed([], [0, 1]);   // [0, 1]: choice 0 is exhausted
 * [designs.size, designs.exhausted];   // [2, false]
 */
export class EvaluatedDesigns {
  private readonly nodes = new Map<string, TreeNode>();
  private leaves = 0;

  /** Distinct paths completed. */
  get size(): number {
    return this.leaves;
  }

  /** Whether every path from the root has been completed. */
  get exhausted(): boolean {
    return this.isFull([]);
  }

  /**
   * Flags (1 / 0) over the choices of the node at `path`, 0 where a choice's subtree is exhausted or
   * the choice is not among `choices` (the node's allowed choices, recorded on the first visit);
   * undefined when every one of `choices` is still open.
   */
  allowed(path: readonly number[], choices: readonly number[]): number[] | undefined {
    const node = this.node(path);
    node.allowed ??= choices.slice();
    if (node.full.size === 0) return undefined;
    const size = Math.max(0, ...choices) + 1;
    const flags = new Array<number>(size).fill(0);
    for (const choice of choices) if (!node.full.has(choice)) flags[choice] = 1;
    return flags;
  }

  /** Records that `path` evaluated a design; returns whether it was new. */
  complete(path: readonly number[]): boolean {
    if (this.isFull(path)) return false;
    this.leaves++;
    let depth = path.length;
    while (depth > 0) {
      const parent = this.node(path.slice(0, depth - 1));
      parent.full.add(path[depth - 1] as number);
      const allowed = parent.allowed;
      if (allowed === undefined || allowed.some((choice) => !parent.full.has(choice))) return true;
      depth--;
    }
    this.node([]).full.add(-1);
    return true;
  }

  private isFull(path: readonly number[]): boolean {
    if (path.length === 0) return this.nodes.get('')?.full.has(-1) ?? false;
    return this.nodes.get(path.slice(0, -1).join(','))?.full.has(path.at(-1) as number) ?? false;
  }

  private node(path: readonly number[]): TreeNode {
    const key = path.join(',');
    let node = this.nodes.get(key);
    if (node === undefined) {
      node = { allowed: undefined, full: new Set() };
      this.nodes.set(key, node);
    }
    return node;
  }
}
