import { alertsContract } from '../../shared/contracts/alerts';
import { defineFunction } from '../_lib/handler';
import { ackSheet, acknowledge } from './ack';
import { dashboard, exportDashboard } from './dashboard';
import { hotIssues } from './hot';
import { endAlert, issueAlert, listPlaces, updateAlert } from './issue';
import { currentAlerts, getAlert, issuedAlerts } from './read';
import { closeSignal, getSignal, listSignalRules, listSignals, raiseSignals, updateSignalRule } from './signals';
import { alertStatus, gridStatus } from './status';
import { escalateAlerts } from './timers';

export const alerts = defineFunction(
  alertsContract,
  {
    issue: { run: issueAlert },
    update: { run: updateAlert },
    end: { run: endAlert },
    alert: { run: getAlert },
    current: { run: currentAlerts },
    issued: { run: issuedAlerts },
    places: { run: listPlaces },
    ackSheet: { run: ackSheet },
    acknowledge: { run: acknowledge },
    status: { run: alertStatus },
    gridStatus: { run: gridStatus },
    signals: { run: listSignals },
    signal: { run: getSignal },
    closeSignal: { run: closeSignal },
    signalRules: { run: listSignalRules },
    updateSignalRule: { run: updateSignalRule },
    dashboard: { run: dashboard },
    hotIssues: { run: hotIssues },
    exportDashboard: { run: exportDashboard },
  },
  {
    // Acknowledgement deadlines are tens of minutes: every two minutes escalates promptly; a run reads due alerts only (indexed).
    escalate: { cron: '0 */2 * * * * *', localEveryMs: 30_000, run: escalateAlerts },
    // 研判 rules look at days and weeks of events: hourly is prompt enough, and reads one county's window per rule
    // (locally every minute, so the demo's seeded events raise their signals soon after start).
    signals: { cron: '0 5 * * * * *', localEveryMs: 60_000, run: raiseSignals },
  },
);

export const main = alerts.main;
