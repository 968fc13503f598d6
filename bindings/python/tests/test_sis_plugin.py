"""sis_plugin (the ctypes host module) against the installed Veracross plugin
and a running veracross-sim: load, describe, create, connect, import with
progress and cancel, and every returned string freed.

Environment (set by the CTest that runs this, tests/package/):
  SIS_PLUGIN_LIBRARY  the installed libveracross_plugin.so
  SIS_SIM_URL         the simulator's https base URL
  SIS_TEST_CA         the CA that signed the simulator's certificate
  SIS_TEST_CLIENT_ID, SIS_CLIENT_SECRET  the simulator's demo-school app
"""
import ctypes
import os
import re
import unittest

import sis_plugin

ENV = os.environ


def config(**overrides):
    c = {"school_domain": "demo-school", "client_id": ENV["SIS_TEST_CLIENT_ID"],
         "client_secret": ENV["SIS_CLIENT_SECRET"], "integration_type": "imports",
         "accounts_base_url": ENV["SIS_SIM_URL"], "api_base_url": ENV["SIS_SIM_URL"],
         "tls_ca_file": ENV["SIS_TEST_CA"], "timeout_seconds": 10}
    c.update(overrides)
    return c


EVENT = {"event_id": "fall-2025", "name": "Fall Conferences", "grading_periods": ["Semester 1"]}
SIS_OK = 0
SIS_INVALID_ARGUMENT = 13  # sis_plugin.h, ABI 1.1 (past the names this 1.0 module knows)


class PluginTest(unittest.TestCase):
    def setUp(self):
        self.plugin = sis_plugin.Plugin(ENV["SIS_PLUGIN_LIBRARY"])
        # Every pointer the plugin hands the module, seen on its way in.
        self.handed_out = []
        take = self.plugin._take

        def recording(out):
            if out.value:
                self.handed_out.append(out.value)
            return take(out)
        self.plugin._take = recording

    def tearDown(self):
        # The plugin's own record says whether each string came back once:
        # its checked free refused none of the module's frees (a second free
        # is refused)...
        self.assertEqual(self.plugin.strings_refused, 0)
        self.assertEqual(self.plugin.strings_freed, len(self.handed_out))
        self.assertEqual(self.plugin.strings_received, len(self.handed_out))
        # ...and holds none of them now: each is refused as taken back
        # already. A string the module forgot to free would be freed here, OK.
        for pointer in self.handed_out:
            self.assertEqual(self.plugin._free_checked(pointer), SIS_INVALID_ARGUMENT)

    def test_the_plugin_answers_each_free_so_the_checks_above_can_fail(self):
        self.assertIsNotNone(self.plugin._free_checked)  # the installed plugin is ABI 1.1
        out = ctypes.c_void_p()
        self.assertEqual(self.plugin._table.describe(ctypes.byref(out)), SIS_OK)
        # Not freed yet: the plugin still holds it, its checked free takes it back.
        self.assertEqual(self.plugin._free_checked(out.value), SIS_OK)
        # Freed twice, or memory that was never the plugin's: refused.
        self.assertEqual(self.plugin._free_checked(out.value), SIS_INVALID_ARGUMENT)
        foreign = ctypes.create_string_buffer(b"{}")
        self.assertEqual(self.plugin._free_checked(ctypes.addressof(foreign)), SIS_INVALID_ARGUMENT)

    def test_a_string_freed_twice_is_counted_as_refused(self):
        other = sis_plugin.Plugin(ENV["SIS_PLUGIN_LIBRARY"])
        out = ctypes.c_void_p()
        self.assertEqual(other._table.describe(ctypes.byref(out)), SIS_OK)
        other._release(out.value)
        self.assertEqual((other.strings_freed, other.strings_refused), (1, 0))
        other._release(out.value)
        self.assertEqual((other.strings_freed, other.strings_refused), (1, 1))

    def test_load_checks_the_abi(self):
        self.assertEqual(self.plugin.abi[0], sis_plugin.ABI_MAJOR)
        self.assertGreaterEqual(self.plugin.abi[1], 0)

    def test_a_file_that_is_not_a_plugin_is_refused_with_its_name(self):
        with self.assertRaises(sis_plugin.LoadError) as e:
            sis_plugin.Plugin(sis_plugin.__file__)
        self.assertIn("sis_plugin.py", str(e.exception))
        with self.assertRaises(sis_plugin.LoadError):
            sis_plugin.Plugin("/nonexistent/libnothing.so")

    def test_describe_agrees_with_the_installed_manifest(self):
        described = self.plugin.describe()
        manifest = os.path.join(os.path.dirname(ENV["SIS_PLUGIN_LIBRARY"]), "veracross.yaml")
        with open(manifest) as f:
            version = re.search(r"^version: *(\S+)", f.read(), re.M).group(1)
        self.assertEqual(described["id"], "veracross")
        self.assertEqual(described["version"], version)
        # The installed folder is named after the version (side by side for hot swap).
        self.assertEqual(os.path.basename(os.path.dirname(ENV["SIS_PLUGIN_LIBRARY"])), version)
        self.assertEqual(self.plugin.strings_received, 1)

    def test_create_with_a_wrong_config_names_the_field_and_hides_the_secret(self):
        with self.assertRaises(sis_plugin.PluginError) as e:
            self.plugin.create(config(integration_type="everything"))
        self.assertEqual(e.exception.status, "invalid_config")
        self.assertIn("integration_type", e.exception.error["message"])
        self.assertNotIn(ENV["SIS_CLIENT_SECRET"], str(e.exception.error))

    def test_connect_reports_the_checklist_and_logs_no_secret(self):
        lines = []
        with self.plugin.create(config(), log=lambda level, msg: lines.append(msg)) as school:
            result = school.connect()
        self.assertTrue(result["ok"], result)
        self.assertEqual(result["school_route"], "demo-school")
        self.assertEqual(result["missing_scopes"], [])
        self.assertTrue(all(ENV["SIS_CLIENT_SECRET"] not in line for line in lines))

    def test_a_wrong_secret_is_auth_failed(self):
        with self.plugin.create(config(client_secret="not-the-secret")) as school:
            with self.assertRaises(sis_plugin.PluginError) as e:
                school.connect()
        self.assertEqual(e.exception.status, "auth_failed")

    def test_import_reports_progress(self):
        stages = []
        with self.plugin.create(config(), progress=lambda s, done, total: stages.append((s, done, total))) as school:
            roster = school.import_event(EVENT)
        self.assertEqual(roster["event"]["event_id"], "fall-2025")
        self.assertGreater(len(roster["people"]), 0)
        self.assertGreater(len(roster["enrollments"]), 0)
        names = {s for s, _, _ in stages}
        self.assertTrue({"fetch", "join"} <= names, stages)
        last = [(done, total) for s, done, total in stages if s == "fetch"][-1]
        self.assertEqual(last[0], last[1], stages)  # the fetch stage finished

    def test_import_stops_when_the_host_cancels(self):
        seen = []

        def cancelled():
            return len(seen) > 0  # stop once the import has started
        with self.plugin.create(config(), progress=lambda s, d, t: seen.append(s), is_cancelled=cancelled) as school:
            with self.assertRaises(sis_plugin.PluginError) as e:
                school.import_event(EVENT)
        self.assertEqual(e.exception.status, "cancelled")

    def test_a_callback_that_raises_does_not_unwind_into_the_plugin(self):
        def broken(*_):
            raise RuntimeError("host bug")
        with self.plugin.create(config(), log=broken, progress=broken) as school:
            self.assertTrue(school.connect()["ok"])

    def test_a_closed_instance_refuses_calls(self):
        school = self.plugin.create(config())
        school.close()
        with self.assertRaises(ValueError):
            school.connect()


if __name__ == "__main__":
    unittest.main()
