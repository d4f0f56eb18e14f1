/**
 * The part of the Apps Script services the add-on uses, and nothing more. Every member is declared with
 * the signature `@types/google-apps-script` publishes, and the checks at the bottom prove that the real
 * services satisfy these interfaces; the Node tests' fakes implement the same interfaces. So the add-on
 * cannot call a method the fakes lack, and the fakes cannot drift from the published signatures.
 */

/** `Range`: a block of cells. */
export interface GasRange {
  activate(): GasRange;
  getDisplayValues(): string[][];
  getValues(): unknown[][];
  setValues(values: unknown[][]): GasRange;
  getNotes(): string[][];
  setNotes(notes: Array<Array<string | null>>): GasRange;
  setNumberFormat(numberFormat: string): GasRange;
  getNumberFormats(): string[][];
  setDataValidation(rule: GasDataValidation | null): GasRange;
  getDataValidation(): GasDataValidation | null;
  clear(): GasRange;
  clearNote(): GasRange;
  clearDataValidations(): GasRange;
  getA1Notation(): string;
  getRow(): number;
  getColumn(): number;
}

/** `Sheet`: one tab. */
export interface GasSheet {
  getName(): string;
  activate(): GasSheet;
  clear(): GasSheet;
  getLastRow(): number;
  getLastColumn(): number;
  getMaxRows(): number;
  getMaxColumns(): number;
  insertRowsAfter(afterPosition: number, howMany: number): GasSheet;
  insertColumnsAfter(afterPosition: number, howMany: number): GasSheet;
  getRange(row: number, column: number, numRows: number, numColumns: number): GasRange;
  getFrozenRows(): number;
  setFrozenRows(rows: number): void;
}

/** `Spreadsheet`: the open document. */
export interface GasSpreadsheet {
  getName(): string;
  getId(): string;
  getSheets(): GasSheet[];
  getSheetByName(name: string): GasSheet | null;
  insertSheet(sheetName: string, sheetIndex: number): GasSheet;
}

/** `DataValidation`: a built rule. */
export interface GasDataValidation {
  getCriteriaValues(): unknown[];
  getAllowInvalid(): boolean;
  getHelpText(): string;
}

/** `DataValidationBuilder`. */
export interface GasDataValidationBuilder {
  requireValueInList(values: string[], showDropdown: boolean): GasDataValidationBuilder;
  setAllowInvalid(allowInvalidData: boolean): GasDataValidationBuilder;
  setHelpText(helpText: string): GasDataValidationBuilder;
  build(): GasDataValidation;
}

/** `HtmlOutput`: a page shown in a sidebar or dialog. */
export interface GasHtmlOutput {
  getContent(): string;
  setTitle(title: string): GasHtmlOutput;
  setWidth(width: number): GasHtmlOutput;
  setHeight(height: number): GasHtmlOutput;
}

/** `Menu`. */
export interface GasMenu {
  addItem(caption: string, functionName: string): GasMenu;
  addSeparator(): GasMenu;
  addToUi(): void;
}

/** `Ui`: menus, sidebars and dialogs of the spreadsheet. */
export interface GasUi {
  Button: typeof GoogleAppsScript.Base.Button;
  ButtonSet: typeof GoogleAppsScript.Base.ButtonSet;
  alert(
    title: string,
    prompt: string,
    buttons: GoogleAppsScript.Base.ButtonSet,
  ): GoogleAppsScript.Base.Button;
  createMenu(caption: string): GasMenu;
  showSidebar(userInterface: GasHtmlOutput): void;
  showModalDialog(userInterface: GasHtmlOutput, title: string): void;
}

/** `SpreadsheetApp`. */
export interface GasSpreadsheetApp {
  getActiveSpreadsheet(): GasSpreadsheet;
  getUi(): GasUi;
  newDataValidation(): GasDataValidationBuilder;
  flush(): void;
}

/** `HTTPResponse`. */
export interface GasHttpResponse {
  getResponseCode(): number;
  getContentText(): string;
  getHeaders(): object;
}

/** `UrlFetchApp`. */
export interface GasUrlFetchApp {
  fetch(url: string, params: GoogleAppsScript.URL_Fetch.URLFetchRequestOptions): GasHttpResponse;
}

/** `Properties`: a string map kept by Google per user, document or script. */
export interface GasProperties {
  getProperty(key: string): string | null;
  setProperty(key: string, value: string): GasProperties;
  deleteProperty(key: string): GasProperties;
  getKeys(): string[];
}

/** `PropertiesService`. */
export interface GasPropertiesService {
  getUserProperties(): GasProperties;
  getDocumentProperties(): GasProperties;
}

/** `HtmlService`. */
export interface GasHtmlService {
  createHtmlOutput(html: string): GasHtmlOutput;
}

/** Every service the add-on touches. */
export interface Services {
  spreadsheetApp: GasSpreadsheetApp;
  urlFetchApp: GasUrlFetchApp;
  propertiesService: GasPropertiesService;
  htmlService: GasHtmlService;
}

/** The services from Apps Script's globals (the fakes install the same globals in the tests' `vm` context). */
export function services(): Services {
  return {
    spreadsheetApp: SpreadsheetApp,
    urlFetchApp: UrlFetchApp,
    propertiesService: PropertiesService,
    htmlService: HtmlService,
  };
}

// Compile-time proof that the published services satisfy the subset above (the assignments in
// `services()` prove it for the four globals; these cover the types reached through them).
type Satisfies<Real, Subset> = Real extends Subset ? true : never;
/** @internal */
export const publishedTypesSatisfySubset: [
  Satisfies<GoogleAppsScript.Spreadsheet.Range, GasRange>,
  Satisfies<GoogleAppsScript.Spreadsheet.Sheet, GasSheet>,
  Satisfies<GoogleAppsScript.Spreadsheet.Spreadsheet, GasSpreadsheet>,
  Satisfies<GoogleAppsScript.Spreadsheet.DataValidation, GasDataValidation>,
  Satisfies<GoogleAppsScript.Spreadsheet.DataValidationBuilder, GasDataValidationBuilder>,
  Satisfies<GoogleAppsScript.HTML.HtmlOutput, GasHtmlOutput>,
  Satisfies<GoogleAppsScript.Base.Ui, GasUi>,
  Satisfies<GoogleAppsScript.Base.Menu, GasMenu>,
  Satisfies<GoogleAppsScript.URL_Fetch.HTTPResponse, GasHttpResponse>,
  Satisfies<GoogleAppsScript.Properties.Properties, GasProperties>,
] = [true, true, true, true, true, true, true, true, true, true];
