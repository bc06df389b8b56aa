/** Tiny DOM helpers. Text is always set with textContent: trace strings are never parsed as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { class?: string; testid?: string; text?: string; title?: string; data?: Record<string, string> } = {},
  children: (Node | null | undefined)[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.testid) node.setAttribute('data-testid', props.testid);
  if (props.title) node.title = props.title;
  if (props.data) for (const [k, v] of Object.entries(props.data)) node.setAttribute(`data-${k}`, v);
  if (props.text !== undefined) node.textContent = props.text;
  for (const child of children) if (child) node.append(child);
  return node;
}

/** Long trace strings are cut for display (the full text stays available as a tooltip). */
export function clip(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
