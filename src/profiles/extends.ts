/**
 * The one `extends` resolver, for config files and for profiles (built-in
 * and custom): `extends` makes a directed acyclic graph, not a tree. A node
 * reached twice (a diamond: a extends b and c, both extend base) is resolved
 * once and reused; only a real cycle is an error, and its message names the
 * cycle (a -> b -> a).
 */

export interface ExtendsGraph<T> {
  /** The nodes `id` extends, in merge order. */
  bases: (id: string) => string[];
  /** Build `id` from its resolved bases (in the order `bases` gave). */
  build: (id: string, bases: T[]) => T;
  /** The error for a cycle, given the path around it (first and last the same node). */
  cycle: (path: string[]) => Error;
}

export class ExtendsResolver<T> {
  private readonly done = new Map<string, T>();
  private readonly stack: string[] = [];

  constructor(private readonly graph: ExtendsGraph<T>) {}

  resolve(id: string): T {
    const hit = this.done.get(id);
    if (hit !== undefined) return hit;
    const at = this.stack.indexOf(id);
    if (at >= 0) throw this.graph.cycle([...this.stack.slice(at), id]);
    this.stack.push(id);
    try {
      const bases = this.graph.bases(id).map((base) => this.resolve(base));
      const result = this.graph.build(id, bases);
      this.done.set(id, result);
      return result;
    } finally {
      this.stack.pop();
    }
  }

  /** The nodes resolved so far, in the order they were finished (bases first). */
  resolved(): Map<string, T> {
    return this.done;
  }
}
