"""A pickAtime SIS plugin from Python, through its C ABI (sis_plugin.h 1.0,
and 1.1's free_string_checked when the plugin has it) with ctypes only: no compiled extension, so any CPython 3 on the machine can
host a plugin.

    import sis_plugin
    plugin = sis_plugin.Plugin("/usr/lib/pickatime/sis-plugins/veracross/0.1.0/libveracross_plugin.so")
    print(plugin.describe()["id"])
    with plugin.create(config, progress=lambda stage, done, total: ...) as school:
        checklist = school.connect()
        roster = school.import_event({"event_id": "fall", "name": "Fall", "grading_periods": ["Semester 1"]})

Every string the plugin returns is copied into Python and handed back to the
plugin's free_string at once; with a 1.1 plugin through free_string_checked,
whose answer is counted (strings_freed, strings_refused: a refusal is a
string freed twice or not the plugin's, a bug of this module). A call that does not return SIS_OK raises
PluginError carrying the plugin's error object. One Instance must not be used
from two threads at once (the ABI's rule); the callbacks run on the calling
thread.
"""
import ctypes
import json
import os
import threading

ABI_MAJOR = 1
ABI_MINOR = 0

STATUS_NAMES = ["ok", "invalid_config", "auth_failed", "missing_scopes", "not_found", "network", "tls",
                "rate_limited", "remote_error", "cancelled", "unsupported", "internal"]
LOG_LEVELS = ["debug", "info", "warn", "error"]

_OUT = ctypes.POINTER(ctypes.c_void_p)  # char **out_json, kept raw so it can be freed
_LOG = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p)
_PROGRESS = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint64, ctypes.c_uint64)
_IS_CANCELLED = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)


class _HostServices(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_uint32), ("user_data", ctypes.c_void_p),
                ("log", _LOG), ("progress", _PROGRESS), ("is_cancelled", _IS_CANCELLED)]


class _Table(ctypes.Structure):
    """sis_plugin_table as of ABI 1.1 (1.0 ends at free_string); later minors only append."""
    _fields_ = [
        ("struct_size", ctypes.c_uint32), ("abi_major", ctypes.c_uint32), ("abi_minor", ctypes.c_uint32),
        ("describe", ctypes.CFUNCTYPE(ctypes.c_int, _OUT)),
        ("create", ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_char_p, ctypes.POINTER(_HostServices),
                                    ctypes.POINTER(ctypes.c_void_p), _OUT)),
        ("destroy", ctypes.CFUNCTYPE(None, ctypes.c_void_p)),
        ("connect", ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, _OUT)),
        ("list_scopes", ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, _OUT)),
        ("import_event", ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, _OUT)),
        ("sso", ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, _OUT)),
        ("free_string", ctypes.CFUNCTYPE(None, ctypes.c_void_p)),
        # ---- 1.1: read only when struct_size covers them
        ("destroy_checked", ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)),
        ("free_string_checked", ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)),
        ("cancel", ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)),
        ("get_extension", ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_char_p)),
    ]


def _table_has(table, member):
    """Is `member` of the plugin's table there whole (the C header's SIS_HAS_MEMBER)?"""
    field = getattr(_Table, member)
    return table.struct_size >= field.offset + field.size


class LoadError(Exception):
    """The library is not a plugin this module can host (message says why)."""


class PluginError(Exception):
    """A call did not return SIS_OK. `status` is its name ("auth_failed", ...),
    `error` the plugin's error object (code, message, ...)."""

    def __init__(self, status, error):
        self.status = status
        self.error = error
        super().__init__("%s: %s" % (status, error.get("message", "")))


def _status_name(status):
    return STATUS_NAMES[status] if 0 <= status < len(STATUS_NAMES) else "unknown(%d)" % status


class Plugin:
    """One plugin library, loaded once (RTLD_LOCAL) and kept loaded while any
    of its Instances lives."""

    def __init__(self, library_path):
        if not os.path.isfile(library_path):
            raise LoadError("%s: no such file" % library_path)
        try:
            self._lib = ctypes.CDLL(os.path.abspath(library_path), mode=os.RTLD_NOW | os.RTLD_LOCAL)
            entry = self._lib.sis_plugin_entry
        except (OSError, AttributeError) as e:
            raise LoadError("%s: cannot load it as a plugin: %s" % (library_path, e)) from None
        entry.restype = ctypes.POINTER(_Table)
        entry.argtypes = [ctypes.c_uint32]
        table = entry(ABI_MAJOR)
        if not table:
            raise LoadError("%s: the plugin cannot serve ABI major %d" % (library_path, ABI_MAJOR))
        t = table.contents
        if t.abi_major != ABI_MAJOR:
            raise LoadError("%s: plugin ABI %d.%d, this host speaks %d.%d"
                            % (library_path, t.abi_major, t.abi_minor, ABI_MAJOR, ABI_MINOR))
        if not _table_has(t, "free_string"):
            size_1_0 = _Table.free_string.offset + _Table.free_string.size
            raise LoadError("%s: function table of %d bytes is shorter than ABI %d.%d's %d"
                            % (library_path, t.struct_size, ABI_MAJOR, ABI_MINOR, size_1_0))
        self._table = t
        self.path = library_path
        self.abi = (t.abi_major, t.abi_minor)
        # A 1.1 plugin answers each free: a second free or a foreign pointer is refused.
        self._free_checked = t.free_string_checked if _table_has(t, "free_string_checked") else None
        self._lock = threading.Lock()
        self.strings_received = 0  # every string the plugin returned...
        self.strings_freed = 0     # ...handed back (with a 1.1 plugin: and taken back)...
        self.strings_refused = 0   # ...or refused by the plugin's checked free

    def _call(self, fn, *args):
        """fn(*args, &out); returns (status, parsed JSON or None), freeing out."""
        out = ctypes.c_void_p()
        status = fn(*args, ctypes.byref(out))
        return status, self._take(out)

    def _take(self, out):
        if not out.value:
            return None
        with self._lock:
            self.strings_received += 1
        try:
            text = ctypes.string_at(out.value).decode("utf-8")
        finally:
            self._release(out.value)
        return json.loads(text)

    def _release(self, pointer):
        """Hands one string back to the plugin, counting the plugin's answer."""
        if self._free_checked is None:
            self._table.free_string(pointer)
            taken = True
        else:
            taken = self._free_checked(pointer) == 0
        with self._lock:
            if taken:
                self.strings_freed += 1
            else:
                self.strings_refused += 1

    def _checked(self, fn, *args):
        status, doc = self._call(fn, *args)
        if status != 0:
            raise PluginError(_status_name(status), doc or {"message": "the plugin returned no error object"})
        return doc

    def describe(self):
        """The plugin's manifest as a dict (schemas/describe.schema.json)."""
        return self._checked(self._table.describe)

    def create(self, config, log=None, progress=None, is_cancelled=None):
        """A school connection from a config dict. log(level_name, message),
        progress(stage, done, total) and is_cancelled() -> bool are optional."""
        return Instance(self, config, log, progress, is_cancelled)


class Instance:
    """One school connection; close() (or `with`) destroys it."""

    def __init__(self, plugin, config, log, progress, is_cancelled):
        self._plugin = plugin
        self._handle = None
        # The callbacks and the struct live as long as the instance (the ABI's rule).
        self._log = _LOG(lambda _u, level, msg: _quietly(
            log, None, LOG_LEVELS[level] if 0 <= level < len(LOG_LEVELS) else str(level), msg.decode("utf-8", "replace")))
        self._progress = _PROGRESS(lambda _u, stage, done, total: _quietly(
            progress, None, stage.decode("utf-8", "replace"), done, total))
        self._is_cancelled = _IS_CANCELLED(lambda _u: 1 if _quietly(is_cancelled, False) else 0)
        self._services = _HostServices(ctypes.sizeof(_HostServices), None,
                                       self._log if log else _LOG(),
                                       self._progress if progress else _PROGRESS(),
                                       self._is_cancelled if is_cancelled else _IS_CANCELLED())
        handle = ctypes.c_void_p()
        text = json.dumps(config).encode("utf-8")
        status, doc = plugin._call(plugin._table.create, text, ctypes.byref(self._services), ctypes.byref(handle))
        if status != 0:
            raise PluginError(_status_name(status), doc or {"message": "the plugin returned no error object"})
        self._handle = handle

    def connect(self):
        """The connect checklist (schemas/connect_result.schema.json)."""
        return self._plugin._checked(self._plugin._table.connect, self._open())

    def list_scopes(self, integration_type=None):
        request = json.dumps({"integration_type": integration_type}).encode() if integration_type else None
        return self._plugin._checked(self._plugin._table.list_scopes, self._open(), request)

    def import_event(self, event):
        """The neutral roster for an event spec (schemas/import_result.schema.json)."""
        return self._plugin._checked(self._plugin._table.import_event, self._open(), json.dumps(event).encode())

    def sso(self, request):
        return self._plugin._checked(self._plugin._table.sso, self._open(), json.dumps(request).encode())

    def _open(self):
        if self._handle is None:
            raise ValueError("the instance is closed")
        return self._handle

    def close(self):
        if self._handle is not None:
            self._plugin._table.destroy(self._handle)
            self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        self.close()


def _quietly(fn, fallback, *args):
    """A host callback's exception must not unwind into the plugin: it is dropped."""
    if fn is None:
        return fallback
    try:
        return fn(*args)
    except Exception:  # noqa: BLE001 - nothing may cross the C boundary
        return fallback
