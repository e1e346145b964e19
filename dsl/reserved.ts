/**
 * Words no name may be spelled as in the generated text: the Verilog and SystemVerilog reserved words, and the C and
 * C++ words Verilator refuses as symbol names (Verilated models are C++). The DSL refuses them as module and port
 * names, which pass unchanged into every output (they are the design's interface); the Verilog backend escapes them
 * in internal names.
 */
const KEYWORDS = new Set(
  (
    'always and assign automatic begin buf bufif0 bufif1 case casex casez cell cmos config deassign default defparam design ' +
    'disable edge else end endcase endconfig endfunction endgenerate endmodule endprimitive endspecify endtable endtask event ' +
    'for force forever fork function generate genvar highz0 highz1 if ifnone incdir include initial inout input instance ' +
    'integer join large liblist library localparam macromodule medium module nand negedge nmos nor noshowcancelled not notif0 ' +
    'notif1 or output parameter pmos posedge primitive pull0 pull1 pulldown pullup pulsestyle_onevent pulsestyle_ondetect ' +
    'rcmos real realtime reg release repeat rnmos rpmos rtran rtranif0 rtranif1 scalared showcancelled signed small specify ' +
    'specparam strong0 strong1 supply0 supply1 table task time tran tranif0 tranif1 tri tri0 tri1 triand trior trireg unsigned ' +
    'use uwire vectored wait wand weak0 weak1 while wire wor xnor xor ' +
    // SystemVerilog (Verilator parses .v files as SystemVerilog by default)
    'alias always_comb always_ff always_latch assert assume before bind bins binsof bit break byte chandle checker class ' +
    'clocking const constraint context continue cover covergroup coverpoint cross dist do endchecker endclass endclocking ' +
    'endgroup endinterface endpackage endprogram endproperty endsequence enum eventually expect export extends extern final ' +
    'first_match foreach forkjoin global iff ignore_bins illegal_bins implements implies import inside int interface ' +
    'interconnect intersect join_any join_none let local logic longint matches modport nettype new null package packed ' +
    'priority program property protected pure rand randc randcase randsequence ref reject_on restrict return s_always ' +
    's_eventually s_nexttime s_until s_until_with sequence shortint shortreal soft solve static string strong struct super ' +
    'sync_accept_on sync_reject_on tagged this throughout timeprecision timeunit type typedef union unique unique0 until ' +
    'until_with untyped var virtual void wait_order weak wildcard with within accept_on nexttime'
  ).split(/\s+/),
);

/** C and C++ words Verilator refuses as symbol names (its SYMRSVDWORD warning): Verilated models are C++. */
const CPP_WORDS = new Set(
  (
    'alignas alignof and_eq asm atomic_cancel atomic_commit atomic_noexcept auto bitand bitor bool catch char char16_t ' +
    'char32_t char8_t compl concept consteval constexpr constinit const_cast co_await co_return co_yield decltype delete ' +
    'double dynamic_cast explicit false float friend goto inline long mutable namespace noexcept not_eq nullptr operator ' +
    'or_eq private public reflexpr register reinterpret_cast requires short sizeof static_assert static_cast switch ' +
    'template thread_local throw true try typeid typename using volatile wchar_t xor_eq ' +
    'abort assert exit errno malloc calloc realloc free printf fprintf sprintf stdin stdout stderr NULL EOF ' +
    'TRUE FALSE std main'
  ).split(/\s+/),
);

export function isVerilogKeyword(name: string): boolean {
  return KEYWORDS.has(name);
}

/** A Verilog/SystemVerilog keyword, or a C/C++ word Verilator will not accept as a name. */
export function isKeyword(name: string): boolean {
  return KEYWORDS.has(name) || CPP_WORDS.has(name);
}

