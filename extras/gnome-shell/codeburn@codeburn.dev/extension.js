// CodeBurn panel indicator (GNOME Shell 45+). It runs `codeburn status
// --format menubar-json` in the background every few seconds (Gio.Subprocess,
// never blocking the shell) and shows today's spend; the menu shows the chosen
// period. What to show is worked out in model.js.

import Clutter from 'gi://Clutter';
import Gio from 'gi://Gio';
import GLib from 'gi://GLib';
import GObject from 'gi://GObject';
import St from 'gi://St';

import {Extension} from 'resource:///org/gnome/shell/extensions/extension.js';
import * as Main from 'resource:///org/gnome/shell/ui/main.js';
import * as PanelMenu from 'resource:///org/gnome/shell/ui/panelMenu.js';
import * as PopupMenu from 'resource:///org/gnome/shell/ui/popupMenu.js';

import * as Model from './model.js';

function todayIso() {
    return GLib.DateTime.new_now_local().format('%Y-%m-%d');
}

const Indicator = GObject.registerClass(
class CodeBurnIndicator extends PanelMenu.Button {
    _init(settings) {
        super._init(0.0, 'CodeBurn');
        this._settings = settings;
        this._payload = null;
        this._error = null;
        this._lastSuccess = null;
        this._running = null;
        this._label = new St.Label({text: Model.panelLabel({payload: null}), y_align: Clutter.ActorAlign.CENTER});
        this.add_child(this._label);
        this._settingsIds = ['refresh-seconds', 'period', 'compact', 'budget-alert-usd', 'cli-path']
            .map(key => this._settings.connect(`changed::${key}`, () => this._restart()));
        this._render();
        this._restart();
    }

    _restart() {
        if (this._timer)
            GLib.source_remove(this._timer);
        this._timer = GLib.timeout_add_seconds(GLib.PRIORITY_DEFAULT, this._settings.get_uint('refresh-seconds'), () => {
            this._refresh();
            return GLib.SOURCE_CONTINUE;
        });
        this._refresh();
    }

    _refresh() {
        if (this._running)
            return;  // the previous run is still going: never pile runs up
        const argv = Model.statusArgv(this._settings.get_string('cli-path'), this._settings.get_string('period'));
        let proc;
        try {
            proc = Gio.Subprocess.new(argv, Gio.SubprocessFlags.STDOUT_PIPE | Gio.SubprocessFlags.STDERR_PIPE);
        } catch (e) {
            this._fail(e.message);
            return;
        }
        this._running = new Gio.Cancellable();
        proc.communicate_utf8_async(null, this._running, (p, res) => {
            this._running = null;
            try {
                const [, stdout, stderr] = p.communicate_utf8_finish(res);
                if (!p.get_successful())
                    throw new Error((stderr || '').trim().split('\n').pop() || `exit ${p.get_exit_status()}`);
                this._payload = Model.parsePayload(stdout);
                this._error = null;
                this._lastSuccess = GLib.DateTime.new_now_local().format('%H:%M');
            } catch (e) {
                if (e.matches?.(Gio.IOErrorEnum, Gio.IOErrorEnum.CANCELLED))
                    return;
                this._fail(e.message);
                return;
            }
            this._render();
        });
    }

    _fail(message) {
        this._error = message;  // the last good payload stays on screen
        this._render();
    }

    _state() {
        return {
            payload: this._payload, error: this._error, lastSuccess: this._lastSuccess, todayIso: todayIso(),
            period: this._settings.get_string('period'), compact: this._settings.get_boolean('compact'),
            budgetUsd: this._settings.get_double('budget-alert-usd'),
        };
    }

    _render() {
        const state = this._state();
        const model = Model.menuModel(state);
        this._label.set_text(Model.panelLabel(state));
        if (model.alert)
            this._label.add_style_class_name('codeburn-alert');
        else
            this._label.remove_style_class_name('codeburn-alert');
        this.menu.removeAll();
        const periods = new PopupMenu.PopupMenuSection();
        for (const p of model.periods) {
            const item = new PopupMenu.PopupMenuItem(p.label);
            item.setOrnament(p.active ? PopupMenu.Ornament.DOT : PopupMenu.Ornament.NONE);
            item.connect('activate', () => this._settings.set_string('period', p.id));
            periods.addMenuItem(item);
        }
        this.menu.addMenuItem(periods);
        if (model.notice)
            this._addRows(null, [{label: model.notice, value: ''}]);
        if (model.alert)
            this._addRows(null, [{label: model.alert, value: ''}]);
        this._addRows(null, model.summary);
        for (const plan of model.plans)
            this._addPlan(plan);
        this._addRows('Top activities', model.activities);
        this._addRows('Top models', model.models);
        this.menu.addMenuItem(new PopupMenu.PopupSeparatorMenuItem());
        const refresh = new PopupMenu.PopupMenuItem('Refresh now');
        refresh.connect('activate', () => this._refresh());
        this.menu.addMenuItem(refresh);
        const open = new PopupMenu.PopupMenuItem('Open dashboard');
        open.connect('activate', () => this._openDashboard());
        this.menu.addMenuItem(open);
    }

    _addRows(title, rows) {
        if (!rows.length)
            return;
        this.menu.addMenuItem(new PopupMenu.PopupSeparatorMenuItem(title ?? ''));
        for (const row of rows) {
            const item = new PopupMenu.PopupMenuItem(row.label, {reactive: false});
            if (row.value)
                item.add_child(new St.Label({text: row.value, x_expand: true, x_align: Clutter.ActorAlign.END}));
            this.menu.addMenuItem(item);
        }
    }

    _addPlan(plan) {
        const item = new PopupMenu.PopupMenuItem(`${plan.label}  ${plan.value}  ${plan.percent.toFixed(1)}%`, {reactive: false});
        const bar = new St.Widget({style_class: `codeburn-plan-bar codeburn-plan-${plan.status}`});
        bar.set_width(Math.round(120 * plan.fraction));
        item.add_child(bar);
        this.menu.addMenuItem(item);
    }

    _openDashboard() {
        // The user's default terminal runs the CLI with no arguments: the dashboard.
        try {
            const app = Gio.AppInfo.create_from_commandline(this._settings.get_string('cli-path') || 'codeburn',
                'CodeBurn', Gio.AppInfoCreateFlags.NEEDS_TERMINAL);
            app.launch([], global.create_app_launch_context(0, -1));
        } catch (e) {
            Main.notifyError('CodeBurn', `Could not open the dashboard: ${e.message}`);
        }
    }

    destroy() {
        if (this._timer)
            GLib.source_remove(this._timer);
        this._timer = null;
        this._running?.cancel();
        for (const id of this._settingsIds)
            this._settings.disconnect(id);
        super.destroy();
    }
});

export default class CodeBurnExtension extends Extension {
    enable() {
        this._indicator = new Indicator(this.getSettings());
        Main.panel.addToStatusArea(this.uuid, this._indicator);
    }

    disable() {
        this._indicator?.destroy();
        this._indicator = null;
    }
}
