/**
 * Send to registry…: never a silent overwrite.
 * 1. Preview: read the sheet's plan (refusing one with errors) and the remote rules; show what the write
 *    changes. If the remote plan changed since this sheet last synced with it (its base: a revision, or
 *    for Segment's API the fingerprints of the rules last pulled), show those remote changes first, and
 *    offer only an explicit overwrite.
 * 2. Confirm (a button of the preview): the sheet must still be what was previewed; then
 *    - a Platen registry gets `PUT …/rules` with `If-Match: "<revision read>"`; a 412 means someone wrote
 *      in between: nothing was changed, and the person sees what changed remotely and may overwrite;
 *    - Segment's API has no revisions: the rules are read again and must still match the preview.
 * The previewed state waits in the user's properties between the two steps (each `google.script.run`
 * call is a fresh script execution).
 */
import type { ApiRule, ApiRuleInput } from '@platen/compiler/api';
import type { Rule } from '@platen/compiler';
import { compareFingerprints, fingerprints, readBase, setFingerprint, writeBase } from './base.js';
import { diffHtml, diffRuleSets, rulesFromApi } from './changes.js';
import { findingsHtml } from './check-page.js';
import type { Services } from './gas.js';
import { action, closeButton, esc, list } from './html.js';
import { connect, showFailure, type Connection } from './remote.js';
import { readSheetPlan, remoteFinding, type SheetPlan } from './sheet-plan.js';
import type { ApiFailure } from './api.js';
import { showDialog, showSidebar } from './ui.js';

/** The user property holding the previewed send. */
const PENDING = 'platen.pending';

/** What the preview showed, checked again on confirm. */
interface Pending {
  apiUrl: string;
  planId: string;
  /** Fingerprint of the sheet's rules as previewed. */
  sheet: string;
  /** The remote state the write may replace: a revision (registry) or a rule-set fingerprint (Segment). */
  revision: number | null;
  remote: string;
}

function savePending(s: Services, p: Pending): void {
  s.propertiesService.getUserProperties().setProperty(PENDING, JSON.stringify(p));
}

function takePending(s: Services): Pending | undefined {
  const props = s.propertiesService.getUserProperties();
  const raw = props.getProperty(PENDING);
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw) as Pending;
  } catch {
    props.deleteProperty(PENDING);
    return undefined;
  }
}

/** The rules as `PUT /rules` takes them (as `platen push` sends them). */
function ruleInputs(rules: readonly Rule[]): ApiRuleInput[] {
  return rules.map((r) => {
    const out: ApiRuleInput = { type: r.type, version: r.version, jsonSchema: r.jsonSchema };
    if (r.key !== null) out.key = r.key;
    return out;
  });
}

function target(c: Connection, revision: number | null): string {
  return `tracking plan ${JSON.stringify(c.settings.planId)} at ${c.settings.apiUrl}${revision === null ? '' : `, revision ${revision}`}`;
}

/**
 * What changed remotely between `fromRevision` (or the base's fingerprints) and `now`, as HTML. With
 * revisions the registry gives the old rules and the diff engine tells the changes in full; with
 * fingerprints only, the rules that were added, removed or changed are named.
 */
function remoteChangesHtml(
  c: Connection,
  now: readonly ApiRule[],
  fromRevision: number | null,
  baseRules: Record<string, string> | undefined,
): string {
  if (fromRevision !== null) {
    const old = c.client.listAllRules(c.settings.planId, fromRevision);
    if (old.ok) return diffHtml(diffRuleSets(rulesFromApi(old.data.rules), rulesFromApi(now)));
  }
  if (baseRules === undefined) return '<p>The remote rules are not the ones previewed.</p>';
  const d = compareFingerprints(baseRules, fingerprints(now));
  const name = (id: string) => {
    const [type, key, version] = JSON.parse(id) as [string, string | null, number];
    return esc(`${type}${key === null ? '' : ` ${JSON.stringify(key)}`} v${version}`);
  };
  return list(
    [
      ...d.added.map((id) => `<b>added</b> ${name(id)}`),
      ...d.removed.map((id) => `<b>removed</b> ${name(id)}`),
      ...d.changed.map((id) => `<b>changed</b> ${name(id)}`),
    ],
    'No rule differs, yet the remote plan is not the one last pulled.',
  );
}

/** Menu: Send to registry…. */
export function sendPreviewFlow(s: Services, notice = ''): void {
  const c = connect(s, 'send the plan');
  if (c === undefined) return;
  const sheet = readSheetPlan(s.spreadsheetApp.getActiveSpreadsheet());
  if (sheet.plan === undefined || sheet.hasErrors) {
    showSidebar(
      s,
      'Platen: not sent',
      `<p class="error">The sheet has problems; nothing was sent.</p>${findingsHtml(sheet.findings)}`,
    );
    return;
  }
  const remote = c.client.listAllRules(c.settings.planId);
  if (!remote.ok) return showFailure(s, 'Send to registry', remote, c);
  const base = readBase(
    s.propertiesService.getDocumentProperties(),
    c.settings.apiUrl,
    c.settings.planId,
  );
  const remoteRules = remote.data.rules;
  // Changed remotely since this sheet last synced: decided by the rules, not the revision (as `platen
  // push` does), so a write that changed nothing, or changed and reverted, loses nothing and is not
  // reported; the revision then names what changed, and guards the write.
  let conflict = false;
  if (base !== undefined) {
    const d = compareFingerprints(base.rules, fingerprints(remoteRules));
    conflict = d.added.length + d.removed.length + d.changed.length > 0;
  }
  const sheetRules = sheet.plan.rules;
  const diff = diffRuleSets(rulesFromApi(remoteRules), sheetRules);
  savePending(s, {
    apiUrl: c.settings.apiUrl,
    planId: c.settings.planId,
    sheet: setFingerprint(sheetRules),
    revision: remote.revision,
    remote: setFingerprint(remoteRules),
  });
  const warnings =
    sheet.findings.length === 0 ? '' : `<h3>Check</h3>${findingsHtml(sheet.findings)}`;
  let body = notice === '' ? '' : `<p class="warning">${esc(notice)}</p>`;
  body += `<p>Sending replaces the rules of ${esc(target(c, remote.revision))} with the sheet's ${sheetRules.length} rules.</p>`;
  if (conflict) {
    const since =
      base?.revision !== null && base?.revision !== undefined
        ? ` (revision ${base.revision} → ${remote.revision})`
        : '';
    body +=
      `<h3 class="breaking">The plan changed remotely since this sheet last synced with it${esc(since)}</h3>` +
      remoteChangesHtml(c, remoteRules, base?.revision ?? null, base?.rules) +
      `<p class="breaking">Sending now overwrites those changes. Import the plan first to keep them.</p>`;
  }
  body += `<h3>What sending changes</h3>${diffHtml(diff)}${warnings}`;
  const send =
    diff.events.length === 0 && !conflict
      ? ''
      : action(conflict ? 'Overwrite remote changes' : 'Send', 'platenConfirmSend', [], {
          primary: true,
        });
  body += `<div class="buttons">${send}${closeButton(send === '' ? 'Close' : 'Cancel')}</div>`;
  showDialog(s, 'Send to registry', body, 640, 560);
}

/** The preview's Send (or Overwrite) button. */
export function confirmSendFlow(s: Services): void {
  const pending = takePending(s);
  const c = connect(s, 'send the plan');
  if (c === undefined) return;
  if (
    pending === undefined ||
    pending.apiUrl !== c.settings.apiUrl ||
    pending.planId !== c.settings.planId
  ) {
    s.propertiesService.getUserProperties().deleteProperty(PENDING);
    return sendPreviewFlow(s, 'The settings changed since the preview; here is a new one.');
  }
  const sheet = readSheetPlan(s.spreadsheetApp.getActiveSpreadsheet());
  if (
    sheet.plan === undefined ||
    sheet.hasErrors ||
    setFingerprint(sheet.plan.rules) !== pending.sheet
  )
    return sendPreviewFlow(s, 'The sheet changed since the preview; here is a new one.');
  const rules = sheet.plan.rules;
  let revision: number | null;
  if (pending.revision !== null) {
    let put = c.client.replaceRules(c.settings.planId, ruleInputs(rules), pending.revision);
    if (!put.ok && put.status === 412) {
      // A new revision holding the very rules previewed (a write that changed nothing) loses
      // nothing: write again on it. Anything else is shown, and overwritten only on request.
      const now = c.client.listAllRules(c.settings.planId);
      if (!now.ok) return showFailure(s, 'Send to registry', now, c);
      if (now.revision === null || setFingerprint(now.data.rules) !== pending.remote)
        return conflictFlow(s, c, pending, now.data.rules, now.revision);
      put = c.client.replaceRules(c.settings.planId, ruleInputs(rules), now.revision);
      if (!put.ok && put.status === 412) return conflictFlow(s, c, pending, undefined, null);
    }
    if (!put.ok) return showRejection(s, put, c, sheet.places);
    revision = put.revision;
  } else {
    // Segment's API: no revisions, so compare the remote rules with the ones previewed right before writing.
    const now = c.client.listAllRules(c.settings.planId);
    if (!now.ok) return showFailure(s, 'Send to registry', now, c);
    if (setFingerprint(now.data.rules) !== pending.remote)
      return sendPreviewFlow(
        s,
        'The plan changed remotely since your preview; here is what changed.',
      );
    const put = c.client.replaceRules(c.settings.planId, ruleInputs(rules));
    if (!put.ok) return showRejection(s, put, c, sheet.places);
    revision = put.revision;
  }
  s.propertiesService.getUserProperties().deleteProperty(PENDING);
  // The new base: read back what the API now holds (Segment may store rules differently from what it got).
  const after = c.client.listAllRules(c.settings.planId);
  const stored = after.ok ? after.data.rules : rules;
  writeBase(s.propertiesService.getDocumentProperties(), {
    apiUrl: c.settings.apiUrl,
    planId: c.settings.planId,
    revision: revision ?? (after.ok ? after.revision : null),
    rules: fingerprints(stored),
  });
  showDialog(
    s,
    'Sent',
    `<p>Sent ${rules.length} rule${rules.length === 1 ? '' : 's'} to ${esc(target(c, revision ?? (after.ok ? after.revision : null)))}.</p><div class="buttons">${closeButton()}</div>`,
    520,
    220,
  );
}

/**
 * A refused write. A 422 lists the rules the API would not take; each problem that names a JSON pointer
 * into the request (a Platen registry does) is placed on its cell, in the sidebar, as Check plan does.
 */
function showRejection(
  s: Services,
  f: ApiFailure,
  c: Connection,
  places: SheetPlan['places'],
): void {
  if (f.status !== 422 || f.problems.length === 0) return showFailure(s, 'Send to registry', f, c);
  const findings = f.problems.map((p) => remoteFinding(p, places));
  showSidebar(
    s,
    'Platen: not sent',
    `<p class="error">${esc(c.settings.apiUrl)} refused the plan (422); nothing was written.</p>${findingsHtml(findings)}`,
  );
}

/** A 412: someone wrote between the preview and the write. Nothing was changed; show what they did. */
function conflictFlow(
  s: Services,
  c: Connection,
  pending: Pending,
  rules: readonly ApiRule[] | undefined,
  revision: number | null,
): void {
  let remoteRules = rules;
  let currentRevision = revision;
  if (remoteRules === undefined) {
    const now = c.client.listAllRules(c.settings.planId);
    if (!now.ok) return showFailure(s, 'Send to registry', now, c);
    remoteRules = now.data.rules;
    currentRevision = now.revision;
  }
  savePending(s, { ...pending, revision: currentRevision, remote: setFingerprint(remoteRules) });
  const sheet = readSheetPlan(s.spreadsheetApp.getActiveSpreadsheet());
  const diff = diffRuleSets(rulesFromApi(remoteRules), sheet.plan?.rules ?? []);
  const body =
    `<p class="breaking">Not sent: the plan changed remotely after your preview (revision ${pending.revision} → ${currentRevision}). Nothing was written.</p>` +
    `<h3>What changed remotely</h3>${remoteChangesHtml(c, remoteRules, pending.revision, undefined)}` +
    `<h3>What sending now would change</h3>${diffHtml(diff)}` +
    `<div class="buttons">${action('Overwrite remote changes', 'platenConfirmSend', [], { primary: true })}${closeButton('Cancel')}</div>`;
  showDialog(s, 'Send to registry: changed remotely', body, 640, 560);
}
