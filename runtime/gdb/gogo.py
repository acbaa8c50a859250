# gdb extension for gogo programs: `info goroutines` and `goroutine N bt`,
# on a live process or a core file. libgogo embeds this file in every
# program (.debug_gdb_scripts), so gdb loads it by itself once the program's
# directory is in its auto-load safe-path; it is also installed as
# share/gogo/gdb/gogo.py for `source`. See docs/debugging.md.
#
# It reads the runtime's gogo_debug_layout symbol (runtime/src/goroutines.cpp),
# so it needs no debug information for libgogo; only the symbol table.

import struct

import gdb
from gdb.unwinder import Unwinder, register_unwinder

WAIT_REASONS = [
    "runnable", "chan receive", "chan receive (nil chan)", "chan send",
    "chan send (nil chan)", "select", "select (no cases)",
    "sync.WaitGroup.Wait", "sync.Mutex.Lock", "sleep", "sync.Cond.Wait",
    "sync.RWMutex.Lock", "sync.RWMutex.RLock", "semacquire",
]


def wait_words(why):
    """Go's words for a wait reason (goroutines.cpp, wait_reason_words)."""
    return WAIT_REASONS[why] if why < len(WAIT_REASONS) else "wait reason %d" % why


LAYOUT_FORMAT = "<IIQQ11I4xQQ"
REGISTERS = ["rsp", "rip", "rbp", "rbx", "r12", "r13", "r14", "r15"]


def read(addr, size):
    return bytes(gdb.selected_inferior().read_memory(addr, size))


def u64(addr):
    return struct.unpack("<Q", read(addr, 8))[0]


def u32(addr):
    return struct.unpack("<I", read(addr, 4))[0]


def layout():
    try:
        addr = int(gdb.parse_and_eval("(long)&gogo_debug_layout"))
    except gdb.error:
        raise gdb.GdbError("not a gogo program (no gogo_debug_layout symbol)")
    names = ("version context_kind stack_size chunks g_slot g_info_slot chunk_base "
             "chunk_carved chunk_next g_ctx g_id g_waiting g_wait_since "
             "info_created_pc info_parent main_g main_stack_size").split()
    values = struct.unpack(LAYOUT_FORMAT, read(addr, struct.calcsize(LAYOUT_FORMAT)))
    d = dict(zip(names, values))
    if d["version"] != 1:
        raise gdb.GdbError("gogo runtime not started, or a layout this script does not know")
    return d


class Goroutine(object):
    def __init__(self, d, stack, size=None):
        self.stack = stack
        self.size = size or d["stack_size"]
        self.g = stack + self.size - d["g_slot"]
        self.id = u64(self.g + d["g_id"])
        self.ctx = u64(self.g + d["g_ctx"])
        self.waiting = read(self.g + d["g_waiting"], 1)[0]
        info = self.g - d["g_info_slot"]
        self.created_pc = u64(info + d["info_created_pc"])
        self.parent = u64(info + d["info_parent"])
        self.thread = None


def thread_sps():
    """(thread, $sp) for every thread of the inferior."""
    selected = gdb.selected_thread()
    result = []
    for t in gdb.selected_inferior().threads():
        t.switch()
        result.append((t, int(gdb.parse_and_eval("(long)$sp"))))
    if selected is not None:
        selected.switch()
    return result


def goroutines():
    d = layout()
    found = []
    chunk = u64(d["chunks"]) if d["chunks"] else 0
    while chunk:
        base = u64(chunk + d["chunk_base"])
        carved = u64(chunk + d["chunk_carved"])
        for stack in range(base, carved, d["stack_size"]):
            try:
                g = Goroutine(d, stack)
            except gdb.MemoryError:
                continue  # not in the core file
            if g.id:
                found.append(g)
        chunk = u64(chunk + d["chunk_next"])
    if d["main_g"]:
        # main runs as goroutine 1, on a stack of its own
        size = d["main_stack_size"]
        found.append(Goroutine(d, d["main_g"] + d["g_slot"] - size, size))
    sps = thread_sps()
    for g in found:
        for t, sp in sps:
            if g.stack <= sp < g.stack + g.size:
                g.thread = t
    found.sort(key=lambda g: g.id)
    return d, found


def main_thread():
    pid = gdb.selected_inferior().pid
    for t in gdb.selected_inferior().threads():
        if t.ptid[1] == pid:
            return t
    return gdb.selected_inferior().threads()[-1]


def describe_pc(pc):
    """The function around pc, outside gogo's own (inlined) frames: the
    user's function that ran the go statement, as the reports print it."""
    block = gdb.block_for_pc(pc - 1) if pc else None
    first = None
    while block is not None:
        if block.function is not None:
            name = str(block.function.print_name)
            first = first or name
            if not name.startswith("gogo::"):
                return name
        block = block.superblock
    if first is not None:
        return first
    sym = gdb.execute("info symbol %d" % (pc - 1), to_string=True).strip()
    return sym.split(" in section")[0]


class InfoGoroutines(gdb.Command):
    """List the goroutines: id, state (running, waiting: why, runnable) and creator."""

    def __init__(self):
        super(InfoGoroutines, self).__init__("info goroutines", gdb.COMMAND_STACK)

    def invoke(self, arg, from_tty):
        d, found = goroutines()
        if not d["main_g"]:
            gdb.write("  1 main thread (gdb thread %d)\n" % main_thread().num)
        for g in found:
            if g.id == 1 and not g.created_pc:
                creator = "main goroutine"
            else:
                creator = "created by " + describe_pc(g.created_pc)
            if g.thread is not None:
                state = "running (gdb thread %d)" % g.thread.num
            elif g.waiting:
                state = "waiting: " + wait_words(g.waiting)
            else:
                state = "runnable"
            gdb.write("%3d %s  %s\n" % (g.id, state, creator))


def saved_registers(d, g):
    ctx = g.ctx
    if d["context_kind"] == 1:
        if ctx & 1:
            return None  # never ran
        r15, r14, r13, r12, rbx, rbp, rip = struct.unpack("<7Q", read(ctx, 56))
        return dict(rsp=ctx + 56, rip=rip, rbp=rbp, rbx=rbx, r12=r12, r13=r13, r14=r14, r15=r15)
    if d["context_kind"] == 2:
        _, r12, r13, r14, r15, rbx, rbp, rip = struct.unpack("<8Q", read(ctx, 64))
        return dict(rsp=ctx + 64, rip=rip, rbp=rbp, rbx=rbx, r12=r12, r13=r13, r14=r14, r15=r15)
    return None


def on_core_file():
    """Whether the inferior is a core file, whose registers gdb cannot write."""
    connection = getattr(gdb.selected_inferior(), "connection", None)
    if connection is not None:
        return connection.type == "core"
    return "core file" in gdb.execute("info target", to_string=True)


class FrameId(object):
    """What gdb needs of a frame id (its own gdb.unwinder.FrameId is newer)."""

    def __init__(self, sp, pc):
        self.sp = sp
        self.pc = pc


class GoroutineUnwinder(Unwinder):
    """While regs is set, frame #0's caller is a parked goroutine's frame
    (its saved registers): for `goroutine N CMD` on a core file."""

    def __init__(self):
        super(GoroutineUnwinder, self).__init__("gogo goroutine")
        self.regs = None

    def __call__(self, pending_frame):
        if self.regs is None or pending_frame.level() != 0:
            return None
        sp = pending_frame.read_register("rsp")
        pc = pending_frame.read_register("rip")
        info = pending_frame.create_unwind_info(FrameId(sp, pc))
        for r in REGISTERS:
            like = pending_frame.read_register(r)
            info.add_saved_register(r, gdb.Value(self.regs[r]).cast(like.type))
        return info


goroutine_unwinder = GoroutineUnwinder()
register_unwinder(None, goroutine_unwinder, replace=True)


class GoroutineCommand(gdb.Command):
    """goroutine N CMD: run CMD (e.g. bt) on goroutine N's stack.

A running goroutine's command runs on its thread; a parked one's with
the registers it saved when it parked, loaded into the selected frame for
the command's duration (on a live process and on a core file)."""

    def __init__(self):
        super(GoroutineCommand, self).__init__("goroutine", gdb.COMMAND_STACK)

    def invoke(self, arg, from_tty):
        parts = arg.split(None, 1)
        if len(parts) != 2:
            raise gdb.GdbError("usage: goroutine N CMD")
        goid, cmd = int(parts[0]), parts[1]
        d, found = goroutines()
        if goid == 1 and not d["main_g"]:
            return self.on_thread(main_thread(), cmd)
        g = next((g for g in found if g.id == goid), None)
        if g is None:
            raise gdb.GdbError("no goroutine %d" % goid)
        if g.thread is not None:
            return self.on_thread(g.thread, cmd)
        regs = saved_registers(d, g)
        if regs is None:
            raise gdb.GdbError("goroutine %d has not run yet: no stack" % goid)
        gdb.execute("frame 0", to_string=True)
        if on_core_file():
            return self.on_core(regs, cmd, from_tty)
        saved = {r: int(gdb.parse_and_eval("(long)$" + r)) for r in REGISTERS}
        try:
            for r in REGISTERS:
                gdb.execute("set $%s = %d" % (r, regs[r]), to_string=True)
            gdb.execute(cmd, from_tty)
        finally:
            for r in REGISTERS:
                gdb.execute("set $%s = %d" % (r, saved[r]), to_string=True)

    @staticmethod
    def on_core(regs, cmd, from_tty):
        # A core's registers cannot be written: the goroutine's frames are
        # given as the callers of the selected thread's frame #0 instead.
        goroutine_unwinder.regs = regs
        gdb.invalidate_cached_frames()
        try:
            gdb.execute(cmd, from_tty)
        finally:
            goroutine_unwinder.regs = None
            gdb.invalidate_cached_frames()

    @staticmethod
    def on_thread(thread, cmd):
        selected = gdb.selected_thread()
        thread.switch()
        try:
            gdb.execute(cmd)
        finally:
            selected.switch()


InfoGoroutines()
GoroutineCommand()
