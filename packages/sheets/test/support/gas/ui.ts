/**
 * Fakes of the Ui (menus, sidebars, dialogs, alerts), HtmlService, PropertiesService and the logs,
 * implementing src/gas.ts's subset of `@types/google-apps-script` and recording everything shown.
 */
import type {
  GasHtmlOutput,
  GasHtmlService,
  GasMenu,
  GasProperties,
  GasPropertiesService,
  GasUi,
} from '../../../src/gas.js';
import { SCOPE, type Scopes } from './scopes.js';

/** Apps Script's `Button` values (an enum object in Apps Script; names here). */
export const BUTTON = { CLOSE: 'CLOSE', OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO' } as const;
/** Apps Script's `ButtonSet` values. */
export const BUTTON_SET = {
  OK: 'OK',
  OK_CANCEL: 'OK_CANCEL',
  YES_NO: 'YES_NO',
  YES_NO_CANCEL: 'YES_NO_CANCEL',
} as const;

/** `HtmlService.createHtmlOutput(html)`. */
export class FakeHtmlOutput implements GasHtmlOutput {
  title = '';
  width: number | undefined;
  height: number | undefined;
  constructor(readonly content: string) {}
  getContent(): string {
    return this.content;
  }
  setTitle(title: string): GasHtmlOutput {
    this.title = title;
    return this;
  }
  setWidth(width: number): GasHtmlOutput {
    this.width = width;
    return this;
  }
  setHeight(height: number): GasHtmlOutput {
    this.height = height;
    return this;
  }
}

/** `HtmlService`. */
export class FakeHtmlService implements GasHtmlService {
  createHtmlOutput(html: string): GasHtmlOutput {
    if (typeof html !== 'string')
      throw new Error("Exception: The parameters (Object) don't match the method signature.");
    return new FakeHtmlOutput(html);
  }
}

/** What the Ui showed, in order. */
export type Shown =
  | { kind: 'menu'; caption: string; items: { caption: string; functionName: string }[] }
  | { kind: 'sidebar'; title: string; html: string }
  | { kind: 'dialog'; title: string; html: string }
  | { kind: 'alert'; title: string; prompt: string; buttons: string; answer: string };

/** A menu under construction. */
class FakeMenu implements GasMenu {
  readonly items: { caption: string; functionName: string }[] = [];
  constructor(
    readonly ui: FakeUi,
    readonly caption: string,
  ) {}
  addItem(caption: string, functionName: string): GasMenu {
    this.items.push({ caption, functionName });
    return this;
  }
  addSeparator(): GasMenu {
    this.items.push({ caption: '---', functionName: '' });
    return this;
  }
  addToUi(): void {
    this.ui.shown.push({ kind: 'menu', caption: this.caption, items: [...this.items] });
  }
}

/** `SpreadsheetApp.getUi()`: records what is shown; alerts take their answers from `answers`. */
export class FakeUi implements GasUi {
  readonly Button = BUTTON as unknown as typeof GoogleAppsScript.Base.Button;
  readonly ButtonSet = BUTTON_SET as unknown as typeof GoogleAppsScript.Base.ButtonSet;
  readonly shown: Shown[] = [];
  /** The buttons a person will click on the next alerts, in order; an alert with none left fails the test. */
  readonly answers: string[] = [];

  constructor(readonly scopes: Scopes) {}

  alert(
    title: string,
    prompt: string,
    buttons: GoogleAppsScript.Base.ButtonSet,
  ): GoogleAppsScript.Base.Button {
    this.scopes.check('Ui.alert', SCOPE.containerUi);
    const answer = this.answers.shift();
    if (answer === undefined) throw new Error(`test: an alert nobody answers: ${title}: ${prompt}`);
    this.shown.push({ kind: 'alert', title, prompt, buttons: String(buttons), answer });
    return answer as unknown as GoogleAppsScript.Base.Button;
  }
  createMenu(caption: string): GasMenu {
    this.scopes.check('Ui.createMenu', SCOPE.containerUi);
    return new FakeMenu(this, caption);
  }
  showSidebar(userInterface: GasHtmlOutput): void {
    this.scopes.check('Ui.showSidebar', SCOPE.containerUi);
    const out = userInterface as FakeHtmlOutput;
    this.shown.push({ kind: 'sidebar', title: out.title, html: out.getContent() });
  }
  showModalDialog(userInterface: GasHtmlOutput, title: string): void {
    this.scopes.check('Ui.showModalDialog', SCOPE.containerUi);
    this.shown.push({ kind: 'dialog', title, html: userInterface.getContent() });
  }
  /** The last page shown (sidebar or dialog). */
  lastPage(): { kind: 'sidebar' | 'dialog'; title: string; html: string } {
    for (let i = this.shown.length - 1; i >= 0; i--) {
      const s = this.shown[i]!;
      if (s.kind === 'sidebar' || s.kind === 'dialog') return s;
    }
    throw new Error('test: nothing was shown');
  }
}

/** Apps Script's Properties limits: 9 KB per value, 500 KB per store. */
export const PROPERTY_VALUE_LIMIT = 9 * 1024;
export const PROPERTY_STORE_LIMIT = 500 * 1024;

/** One property store (user, document or script). */
export class FakeProperties implements GasProperties {
  readonly data = new Map<string, string>();
  getProperty(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  setProperty(key: string, value: string): GasProperties {
    const text = String(value);
    if (Buffer.byteLength(key) + Buffer.byteLength(text) > PROPERTY_VALUE_LIMIT)
      throw new Error('Exception: Argument too large: value');
    const total = [...this.data].reduce(
      (n, [k, v]) => (k === key ? n : n + k.length + v.length),
      0,
    );
    if (total + key.length + text.length > PROPERTY_STORE_LIMIT)
      throw new Error(
        'Exception: You have exceeded the property storage quota. Please remove some properties and try again.',
      );
    this.data.set(key, text);
    return this;
  }
  deleteProperty(key: string): GasProperties {
    this.data.delete(key);
    return this;
  }
  getKeys(): string[] {
    return [...this.data.keys()];
  }
}

/** `PropertiesService`: one user store (per person) and one document store (per spreadsheet). */
export class FakePropertiesService implements GasPropertiesService {
  constructor(
    readonly user = new FakeProperties(),
    readonly document = new FakeProperties(),
  ) {}
  getUserProperties(): GasProperties {
    return this.user;
  }
  getDocumentProperties(): GasProperties {
    return this.document;
  }
}

/** `Logger` and `console`: every line written, as text. */
export class FakeLogs {
  readonly lines: string[] = [];
  readonly logger = {
    log: (...args: unknown[]) => {
      this.lines.push(args.map(String).join(' '));
      return this.logger;
    },
    clear: () => undefined,
    getLog: () => this.lines.join('\n'),
  };
  readonly console = Object.fromEntries(
    ['log', 'info', 'warn', 'error', 'debug', 'time', 'timeEnd'].map((m) => [
      m,
      (...args: unknown[]) => {
        this.lines.push(
          `${m}: ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`,
        );
      },
    ]),
  );
}
