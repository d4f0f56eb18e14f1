/**
 * Reading the pages the add-on shows, as a person's clicks would: each `data-run` element is an action
 * whose `google.script.run` call the test then makes itself.
 */

/** Undoes the add-on's HTML escaping. */
export function unescape(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** One clickable action on a page. */
export interface PageAction {
  label: string;
  fn: string;
  args: unknown[];
  form?: string;
}

/** Every action of a page, in order. */
export function actions(html: string): PageAction[] {
  const out: PageAction[] = [];
  const re =
    /<(a|button)\b([^>]*)\bdata-run="([^"]*)" data-args="([^"]*)"(?: data-form="([^"]*)")?[^>]*>([\s\S]*?)<\/\1>/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const action: PageAction = {
      label: unescape(m[6]!),
      fn: unescape(m[3]!),
      args: JSON.parse(unescape(m[4]!)) as unknown[],
    };
    if (m[5] !== undefined) action.form = unescape(m[5]);
    out.push(action);
  }
  return out;
}

/** The action labelled `label` (exactly); fails the test when there is none. */
export function actionNamed(html: string, label: string): PageAction {
  const found = actions(html).find((a) => a.label === label);
  if (!found) throw new Error(`test: no action "${label}" in:\n${html}`);
  return found;
}

/** The text of a page without tags (entities decoded), for assertions on what a person reads. */
export function pageText(html: string): string {
  return unescape(
    html
      .replace(/<script>[\s\S]*?<\/script>/g, '')
      .replace(/<style>[\s\S]*?<\/style>/g, '')
      .replace(/<(li|p|h2|h3|br|div)\b[^>]*>/g, '\n')
      .replace(/<[^>]+>/g, ''),
  )
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*/g, '\n')
    .trim();
}

/** The names and values of a form's inputs. */
export function formFields(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /<input\b([^>]*)>/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const name = /\bname="([^"]*)"/.exec(m[1]!)?.[1];
    const value = /\bvalue="([^"]*)"/.exec(m[1]!)?.[1] ?? '';
    if (name !== undefined) out[unescape(name)] = unescape(value);
  }
  return out;
}
