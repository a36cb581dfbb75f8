// What the panel and the menu show, from a `codeburn status --format
// menubar-json` payload. Plain JavaScript with no GNOME imports, so the
// logic is tested under gjs without a running shell (tests/gjs/).
//
// A payload may come from an older or newer codeburn: every field is read
// with a default, and a missing or malformed field never throws.

export const PERIODS = [
    {id: 'today', label: 'Today'},
    {id: 'week', label: '7 Days'},
    {id: '30days', label: '30 Days'},
    {id: 'month', label: 'Month'},
];

const TOP_ROWS = 5;

function num(value, fallback = 0) {
    return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function list(value) {
    return Array.isArray(value) ? value : [];
}

function obj(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

// The payload's money is USD; its currency block says how to show it.
export function currencyOf(payload) {
    const c = obj(obj(payload).currency);
    return {
        code: typeof c.code === 'string' ? c.code : 'USD',
        symbol: typeof c.symbol === 'string' ? c.symbol : '$',
        rate: num(c.rate, 1) > 0 ? num(c.rate, 1) : 1,
    };
}

export function formatCost(usd, currency = {symbol: '$', rate: 1}) {
    const value = num(usd) * currency.rate;
    const digits = Math.abs(value) >= 100 ? 0 : 2;
    return `${currency.symbol}${value.toFixed(digits)}`;
}

export function formatCount(n) {
    const v = num(n);
    if (v >= 1e6)
        return `${(v / 1e6).toFixed(1)}M`;
    if (v >= 1e4)
        return `${(v / 1e3).toFixed(1)}K`;
    return String(Math.round(v));
}

// Parses the CLI's stdout; throws an Error with a one-line reason.
export function parsePayload(text) {
    let payload;
    try {
        payload = JSON.parse(text);
    } catch (e) {
        throw new Error(`codeburn printed no JSON (${e.message})`);
    }
    if (payload === null || typeof payload !== 'object' || typeof payload.current !== 'object' || payload.current === null)
        throw new Error('codeburn printed JSON without a "current" block');
    return payload;
}

// Today's spend: the current period's when it is today, else today's entry
// of the daily history (0 when today has none).
export function todayCost(payload, todayIso, period = 'today') {
    const p = obj(payload);
    if (period === 'today')
        return num(obj(p.current).cost);
    const day = list(obj(p.history).daily).find(d => obj(d).date === todayIso);
    return day ? num(day.cost) : 0;
}

export function overBudget(cost, budgetUsd) {
    return num(budgetUsd) > 0 && num(cost) >= num(budgetUsd);
}

// The panel's text: today's cost, a flame unless compact, '!' once the
// last run failed (the last good amount stays), '…' before any answer.
export function panelLabel(state) {
    const {payload, todayIso, period = 'today', compact = false, error = null} = state;
    if (!payload)
        return error ? 'codeburn ⚠' : (compact ? '…' : '🔥 …');
    const text = formatCost(todayCost(payload, todayIso, period), currencyOf(payload));
    const mark = error ? ' ⚠' : '';
    return compact ? `${text}${mark}` : `🔥 ${text}${mark}`;
}

// Plan lines: status --format menubar-json carries `plans` ({provider:
// summary}) when plans are set with `codeburn plan`.
export function planRows(payload, currency) {
    const plans = obj(obj(payload).plans);
    return Object.keys(plans).map(provider => {
        const s = obj(plans[provider]);
        const budget = num(s.budget);
        const percent = num(s.percentUsed, budget > 0 ? num(s.spent) / budget * 100 : 0);
        return {
            label: `${typeof s.id === 'string' ? s.id : provider} (${provider})`,
            value: `${formatCost(s.spent, currency)} of ${formatCost(budget, currency)}`,
            fraction: Math.max(0, Math.min(1, percent / 100)),
            percent,
            status: ['under', 'near', 'over'].includes(s.status) ? s.status : 'under',
        };
    });
}

function topRows(rows, currency, name = r => r.name) {
    return list(rows).slice(0, TOP_ROWS).map(r => ({label: String(name(obj(r)) ?? '?'), value: formatCost(obj(r).cost, currency)}));
}

// Everything the menu shows, as plain data: the extension turns it into
// menu items, the tests compare it.
export function menuModel(state) {
    const {payload, period = 'today', error = null, lastSuccess = null, budgetUsd = 0, todayIso = ''} = state;
    const model = {
        periods: PERIODS.map(p => ({...p, active: p.id === period})),
        notice: null, summary: [], activities: [], models: [], plans: [], alert: null,
    };
    if (error)
        model.notice = payload ? `Last refresh failed: ${error}. Showing the result of ${lastSuccess ?? 'an earlier run'}.`
            : `codeburn failed: ${error}`;
    if (!payload)
        return model;
    const currency = currencyOf(payload);
    const c = obj(payload.current);
    model.summary = [
        {label: typeof c.label === 'string' ? c.label : 'Period', value: formatCost(c.cost, currency)},
        {label: 'Calls', value: formatCount(c.calls)},
        {label: 'Sessions', value: formatCount(c.sessions)},
    ];
    if (typeof c.oneShotRate === 'number')
        model.summary.push({label: 'One-shot', value: `${Math.round(c.oneShotRate * 100)}%`});
    model.activities = topRows(c.topActivities, currency);
    model.models = topRows(c.topModels, currency);
    model.plans = planRows(payload, currency);
    const today = todayCost(payload, todayIso, period);
    if (overBudget(today, budgetUsd))
        model.alert = `Today ${formatCost(today, currency)} is over your ${formatCost(budgetUsd, currency)} alert`;
    return model;
}

// The command line the extension runs (an argument list, never a shell).
export function statusArgv(cliPath, period) {
    const known = PERIODS.some(p => p.id === period) ? period : 'today';
    return [cliPath || 'codeburn', 'status', '--format', 'menubar-json', '--period', known];
}
