/**
 * Iterative Tarjan: calls `onComponent` for each strongly connected component reachable from
 * `starts`, successors before predecessors. No recursion, so any depth is fine.
 */
export function forEachComponent(
  starts: Iterable<string>,
  successors: (key: string) => readonly string[],
  onComponent: (component: string[]) => void,
): void {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  let counter = 0;
  const open = (key: string, frames: { key: string; targets: readonly string[]; next: number }[]) => {
    index.set(key, counter);
    low.set(key, counter);
    counter++;
    stack.push(key);
    onStack.add(key);
    frames.push({ key, targets: successors(key), next: 0 });
  };
  for (const start of starts) {
    if (index.has(start)) continue;
    const frames: { key: string; targets: readonly string[]; next: number }[] = [];
    open(start, frames);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      if (frame.next < frame.targets.length) {
        const target = frame.targets[frame.next++]!;
        if (!index.has(target)) open(target, frames);
        else if (onStack.has(target)) low.set(frame.key, Math.min(low.get(frame.key)!, index.get(target)!));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent !== undefined) low.set(parent.key, Math.min(low.get(parent.key)!, low.get(frame.key)!));
      if (low.get(frame.key) !== index.get(frame.key)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.key);
      onComponent(component);
    }
  }
}
