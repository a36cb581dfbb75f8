// CodeBurn preferences (GNOME 45+): refresh interval, period, compact
// label, daily budget alert and the codeburn command.

import Adw from 'gi://Adw';
import Gio from 'gi://Gio';
import Gtk from 'gi://Gtk';

import {ExtensionPreferences} from 'resource:///org/gnome/Shell/Extensions/js/extensions/prefs.js';

import {PERIODS} from './model.js';

export default class CodeBurnPreferences extends ExtensionPreferences {
    fillPreferencesWindow(window) {
        const settings = this.getSettings();
        const page = new Adw.PreferencesPage();
        const group = new Adw.PreferencesGroup({title: 'CodeBurn'});
        page.add(group);

        const refresh = new Adw.SpinRow({
            title: 'Refresh interval (seconds)',
            adjustment: new Gtk.Adjustment({lower: 5, upper: 3600, step_increment: 5}),
        });
        settings.bind('refresh-seconds', refresh, 'value', Gio.SettingsBindFlags.DEFAULT);
        group.add(refresh);

        const period = new Adw.ComboRow({title: 'Period in the menu', model: Gtk.StringList.new(PERIODS.map(p => p.label))});
        period.set_selected(Math.max(0, PERIODS.findIndex(p => p.id === settings.get_string('period'))));
        period.connect('notify::selected', () => settings.set_string('period', PERIODS[period.get_selected()].id));
        group.add(period);

        const compact = new Adw.SwitchRow({title: 'Compact panel label'});
        settings.bind('compact', compact, 'active', Gio.SettingsBindFlags.DEFAULT);
        group.add(compact);

        const budget = new Adw.SpinRow({
            title: 'Daily budget alert (USD, 0 = off)',
            digits: 2,
            adjustment: new Gtk.Adjustment({lower: 0, upper: 1000000, step_increment: 1}),
        });
        settings.bind('budget-alert-usd', budget, 'value', Gio.SettingsBindFlags.DEFAULT);
        group.add(budget);

        const cli = new Adw.EntryRow({title: 'codeburn command'});
        settings.bind('cli-path', cli, 'text', Gio.SettingsBindFlags.DEFAULT);
        group.add(cli);

        window.add(page);
    }
}
