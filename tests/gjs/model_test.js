// Tests of the GNOME extension's model (extras/gnome-shell/.../model.js),
// run by tests/test_gnome_extension.py as `gjs -m tests/gjs/model_test.js`.
import * as M from '../../extras/gnome-shell/codeburn@codeburn.dev/model.js';

let passed = 0, failed = 0;
function eq(actual, expected, what) {
    const a = JSON.stringify(actual), e = JSON.stringify(expected);
    if (a === e) {
        passed++;
    } else {
        failed++;
        print(`FAIL ${what}\n  got      ${a}\n  expected ${e}`);
    }
}
function throwsWith(fn, text, what) {
    try {
        fn();
        failed++;
        print(`FAIL ${what}: no error`);
    } catch (e) {
        eq(e.message.includes(text), true, `${what}: ${e.message}`);
    }
}

const payload = {
    generated: '2026-03-05T12:00:00.000Z',
    current: {
        label: 'Last 7 Days', cost: 1234.5, calls: 12345, sessions: 7, oneShotRate: 0.666,
        topActivities: [{name: 'Coding', cost: 1000}, {name: 'Debugging', cost: 234.5}],
        topModels: [{name: 'Opus 4.6', cost: 1200}, {name: 'Sonnet 4.5', cost: 34.5}],
    },
    history: {daily: [{date: '2026-03-04', cost: 10}, {date: '2026-03-05', cost: 2.5}]},
    currency: {code: 'EUR', symbol: '€', rate: 0.5},
    plans: {claude: {id: 'claude-max', budget: 200, spent: 170, percentUsed: 85, status: 'near'}},
};

// formatting
eq(M.formatCost(2.5), '$2.50', 'formatCost USD');
eq(M.formatCost(1234.5, {symbol: '€', rate: 0.5}), '€617', 'formatCost converts, no cents over 100');
eq([M.formatCount(999), M.formatCount(12345), M.formatCount(2500000)], ['999', '12.3K', '2.5M'], 'formatCount');

// panel label: today's cost from the history when the period is not today
eq(M.panelLabel({payload, todayIso: '2026-03-05', period: 'week'}), '🔥 €1.25', 'label from history');
eq(M.panelLabel({payload, todayIso: '2026-03-05', period: 'week', compact: true}), '€1.25', 'compact label');
eq(M.panelLabel({payload, todayIso: '2026-03-06', period: 'week'}), '🔥 €0.00', 'no entry for today');
eq(M.panelLabel({payload: null}), '🔥 …', 'before the first answer');
eq(M.panelLabel({payload: null, error: 'not found'}), 'codeburn ⚠', 'first run failed');
eq(M.panelLabel({payload, todayIso: '2026-03-05', period: 'week', error: 'exit 1'}), '🔥 €1.25 ⚠', 'a failed refresh keeps the last amount');

// menu model
const m = M.menuModel({payload, period: 'week', todayIso: '2026-03-05', budgetUsd: 2});
eq(m.periods.map(p => [p.id, p.active]), [['today', false], ['week', true], ['30days', false], ['month', false]], 'periods');
eq(m.summary, [{label: 'Last 7 Days', value: '€617'}, {label: 'Calls', value: '12.3K'},
    {label: 'Sessions', value: '7'}, {label: 'One-shot', value: '67%'}], 'summary');
eq(m.activities, [{label: 'Coding', value: '€500'}, {label: 'Debugging', value: '€117'}], 'activities');
eq(m.models[1], {label: 'Sonnet 4.5', value: '€17.25'}, 'models');
eq(m.plans, [{label: 'claude-max (claude)', value: '€85.00 of €100', fraction: 0.85, percent: 85, status: 'near'}], 'plan bar');
eq(m.alert, 'Today €1.25 is over your €1.00 alert', 'budget alert');
eq(m.notice, null, 'no notice');

// a failed CLI run keeps the last payload and says so
const failed1 = M.menuModel({payload, period: 'week', error: 'exit 1', lastSuccess: '11:58'});
eq(failed1.notice, 'Last refresh failed: exit 1. Showing the result of 11:58.', 'failure notice');
eq(failed1.summary.length, 4, 'last payload still shown');
const failed2 = M.menuModel({payload: null, error: 'codeburn: not found'});
eq([failed2.notice, failed2.summary], ['codeburn failed: codeburn: not found', []], 'failure without a payload');

// a payload with missing or malformed keys never throws
const sparse = M.parsePayload('{"current": {"cost": "x", "topModels": 3}, "currency": {"rate": -1}}');
const ms = M.menuModel({payload: sparse, todayIso: '2026-03-05'});
eq(ms.summary, [{label: 'Period', value: '$0.00'}, {label: 'Calls', value: '0'}, {label: 'Sessions', value: '0'}], 'sparse summary');
eq([ms.models, ms.plans, ms.alert], [[], [], null], 'sparse lists');
eq(M.panelLabel({payload: sparse, todayIso: '2026-03-05'}), '🔥 $0.00', 'sparse label');
throwsWith(() => M.parsePayload('codeburn: error: boom'), 'printed no JSON', 'not JSON');
throwsWith(() => M.parsePayload('[1, 2]'), 'without a "current" block', 'JSON of another shape');

// the command line: an argument list, an unknown period falls back to today
eq(M.statusArgv('/opt/cb', 'month'), ['/opt/cb', 'status', '--format', 'menubar-json', '--period', 'month'], 'argv');
eq(M.statusArgv('', 'bogus'), ['codeburn', 'status', '--format', 'menubar-json', '--period', 'today'], 'argv fallback');

print(`${passed} passed, ${failed} failed`);
if (failed)
    imports.system.exit(1);
