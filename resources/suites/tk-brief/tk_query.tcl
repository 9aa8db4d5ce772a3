# Read-only queries of a running Tk application through Tk's `send` (X property based
# messaging that every Tk application answers), for check_tkbrief.py and ../selfcheck.py.
# Only reading commands are sent: info exists, set VAR (one argument: read), winfo, cget.
#
#   wish tk_query.tcl PREFIX vars NAME...   one JSON line per variable:
#                                           {"var": NAME, "value": "..."} or {"var": NAME, "missing": true}
#   wish tk_query.tcl PREFIX widgets        one JSON line per viewable Label, Entry, Checkbutton
#                                           and Button: path, class, parent, text, variable,
#                                           root geometry x y w h
#
# PREFIX selects the interpreter (its name starts with it: "tk-brief", "tk-brief #2", ...).
# Exit 3 when no interpreter or more than one matches.

wm withdraw .
fconfigure stdout -encoding utf-8 -translation lf

proc js {s} {
    set s [string map [list \\ \\\\ \" \\\" \n \\n \r \\r \t \\t] $s]
    regsub -all {[\x00-\x1f]} $s {} s
    return "\"$s\""
}

set prefix [lindex $argv 0]
set mode [lindex $argv 1]
set matches {}
foreach n [winfo interps] {
    if {[string match "$prefix*" $n] && $n ne [tk appname]} { lappend matches $n }
}
if {[llength $matches] != 1} {
    puts stderr "expected one Tk interpreter named $prefix*, found [llength $matches]: $matches"
    exit 3
}
set target [lindex $matches 0]
proc S {args} { global target; return [send $target $args] }

if {$mode eq "vars"} {
    foreach name [lrange $argv 2 end] {
        if {[S info exists ::$name]} {
            puts "\{\"var\": [js $name], \"value\": [js [S set ::$name]]\}"
        } else {
            puts "\{\"var\": [js $name], \"missing\": true\}"
        }
    }
} elseif {$mode eq "widgets"} {
    proc walk {w} {
        if {![S winfo viewable $w]} { return }
        set cls [S winfo class $w]
        if {$cls in {Label Entry Checkbutton Button}} {
            set var ""
            set text ""
            foreach o {-textvariable -variable} {
                if {![catch {S $w cget $o} v] && $v ne ""} { set var $v }
            }
            if {$cls ne "Entry"} { catch {S $w cget -text} text }
            puts "\{\"path\": [js $w], \"class\": [js $cls], \"parent\": [js [S winfo parent $w]],\
                \"text\": [js $text], \"variable\": [js $var],\
                \"x\": [S winfo rootx $w], \"y\": [S winfo rooty $w],\
                \"w\": [S winfo width $w], \"h\": [S winfo height $w]\}"
        }
        foreach c [S winfo children $w] { walk $c }
    }
    walk .
} else {
    puts stderr "usage: wish tk_query.tcl PREFIX vars NAME... | widgets"
    exit 2
}
exit 0
