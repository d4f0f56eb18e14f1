/**
 * The HTML of the sidebar and dialogs. Every piece of plan text (event and property names, messages,
 * server replies) goes through {@link esc}; names are data and may hold `<`, `&`, quotes or `</script>`.
 * Actions are `data-run` attributes: one small client script calls the named server function through
 * `google.script.run` with the JSON in `data-args` (and, with `data-form`, the form's fields as a last
 * argument). The server function then shows the next page itself.
 */

/** Escapes text for HTML content and double-quoted attributes. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  );
}

/** A button or link that runs the server function `fn` with `args`. */
export function action(
  label: string,
  fn: string,
  args: readonly unknown[] = [],
  options: { link?: boolean; form?: string; primary?: boolean } = {},
): string {
  const attrs =
    `data-run="${esc(fn)}" data-args="${esc(JSON.stringify(args))}"` +
    (options.form === undefined ? '' : ` data-form="${esc(options.form)}"`);
  return options.link
    ? `<a href="#" ${attrs}>${esc(label)}</a>`
    : `<button type="button" class="${options.primary ? 'action primary' : 'action'}" ${attrs}>${esc(label)}</button>`;
}

/** A button that closes the dialog or sidebar. */
export function closeButton(label = 'Close'): string {
  return `<button type="button" class="action" data-close="1">${esc(label)}</button>`;
}

const STYLE = `
body{font-family:Arial,sans-serif;font-size:13px;margin:12px;color:#202124}
h2{font-size:15px;margin:0 0 8px} h3{font-size:13px;margin:12px 0 4px}
ul{padding-left:18px;margin:4px 0} li{margin:2px 0}
.error{color:#c5221f} .warning{color:#b06000} .info{color:#5f6368}
.breaking{color:#c5221f;font-weight:bold} .safe{color:#188038}
.buttons{margin-top:12px} button{margin-right:6px} button.primary{background:#1a73e8;color:#fff;border:0;padding:6px 12px}
label{display:block;margin-top:8px} input{width:100%;box-sizing:border-box}
code{background:#f1f3f4;padding:0 2px} #status{margin-top:8px}`;

// The client side: ES5, for every browser Google Sheets supports.
const SCRIPT = `
function platenRun(el) {
  var fn = el.getAttribute('data-run');
  var args = JSON.parse(el.getAttribute('data-args') || '[]');
  var formName = el.getAttribute('data-form');
  if (formName) {
    var form = document.forms[formName], values = {};
    for (var i = 0; i < form.elements.length; i++) {
      var f = form.elements[i];
      if (f.name) values[f.name] = f.type === 'checkbox' ? f.checked : f.value;
    }
    args.push(values);
  }
  var status = document.getElementById('status');
  var buttons = document.querySelectorAll('button');
  for (var j = 0; j < buttons.length; j++) buttons[j].disabled = true;
  if (status) status.textContent = 'Working…';
  var runner = google.script.run
    .withSuccessHandler(function () {
      for (var k = 0; k < buttons.length; k++) buttons[k].disabled = false;
      if (status) status.textContent = '';
    })
    .withFailureHandler(function (e) {
      for (var k = 0; k < buttons.length; k++) buttons[k].disabled = false;
      if (status) status.textContent = String(e && e.message || e);
    });
  runner[fn].apply(runner, args);
}
document.addEventListener('click', function (ev) {
  var el = ev.target;
  while (el && el.getAttribute) {
    if (el.getAttribute('data-close')) { google.script.host.close(); return; }
    if (el.getAttribute('data-run')) { ev.preventDefault(); platenRun(el); return; }
    el = el.parentNode;
  }
});`;

/** A whole page: heading, body (already HTML), and the client script. */
export function page(title: string, body: string): string {
  return (
    `<!DOCTYPE html><html><head><base target="_top"><meta charset="utf-8"><style>${STYLE}</style></head>` +
    `<body><h2>${esc(title)}</h2>${body}<div id="status" role="status"></div>` +
    `<script>${SCRIPT}</script></body></html>`
  );
}

/** A bulleted list of already-escaped HTML items; `empty` when there are none. */
export function list(items: readonly string[], empty: string): string {
  return items.length === 0
    ? `<p class="info">${esc(empty)}</p>`
    : `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;
}
