# Dumps the widget tree of a running Tk application through Tk's `send` (X property based
# inter-application messaging that every Tk application answers). Only read-only commands are
# sent: winfo, cget, wm stackorder, set VAR (read), entry get/index/bbox, font measure/metrics.
#
#   wish tk_probe.tcl APP-INTERP-NAME-PREFIX
#
# Prints one JSON object per line: {"toplevel": ...} for every mapped toplevel in stacking order
# (bottom first) and {"path": ...} for every viewable widget below it. With the argument "-list"
# prints the interpreter names.

wm withdraw .
fconfigure stdout -encoding utf-8 -translation lf

proc js {s} {
    set s [string map [list \\ \\\\ \" \\\" \n \\n \r \\r \t \\t] $s]
    regsub -all {[\x00-\x1f]} $s {} s
    return "\"$s\""
}

proc obj {kv} {
    set parts {}
    foreach {k v} $kv {
        if {$k in {x y w h textwidth} && [string is integer -strict $v]} {
            lappend parts "[js $k]: $v"
        } else {
            lappend parts "[js $k]: [js $v]"
        }
    }
    return "\{[join $parts {, }]\}"
}

set prefix [lindex $argv 0]
set target ""
foreach n [winfo interps] {
    if {$prefix eq "-list"} { puts $n; continue }
    if {[string match "$prefix*" $n] && $n ne [tk appname]} { set target $n }
}
if {$prefix eq "-list"} { exit 0 }
if {$target eq ""} { puts stderr "no interpreter $prefix"; exit 3 }

proc S {args} { global target; return [send $target $args] }

proc opt {w o} {
    if {[catch {S $w cget $o} v]} { return "" }
    return $v
}

proc varval {name} {
    if {$name eq ""} { return "" }
    if {[catch {S set ::$name} v]} { return "" }
    return $v
}

proc geom {w} {
    return [list x [S winfo rootx $w] y [S winfo rooty $w] w [S winfo width $w] \
                h [S winfo height $w]]
}

proc walk {w top} {
    if {![S winfo viewable $w]} { return }
    set cls [S winfo class $w]
    set kv [list path $w class $cls toplevel $top parent [S winfo parent $w]]
    lappend kv {*}[geom $w]
    foreach o {-relief -borderwidth -highlightthickness -padx -anchor -state -indicatoron
               -image -bitmap -compound -wraplength -show -font -background
               -disabledbackground -justify} {
        set v [opt $w $o]
        lappend kv [string range $o 1 end] $v
    }
    switch -- $cls {
        Label - Button - Checkbutton - Radiobutton - Menubutton - Labelframe - Message {
            set tv [opt $w -textvariable]
            set text [expr {$tv ne "" ? [varval $tv] : [opt $w -text]}]
            lappend kv text $text
            set f [opt $w -font]
            lappend kv textwidth [S font measure $f $text]
            # prefix widths, for working out which characters a clipped label shows
            set pw {}
            for {set i 1} {$i <= [string length $text]} {incr i} {
                lappend pw [S font measure $f [string range $text 0 [expr {$i - 1}]]]
            }
            lappend kv prefixes [join $pw ,]
            if {$cls eq "Checkbutton"} {
                lappend kv value [varval [opt $w -variable]] onvalue [opt $w -onvalue]
            } elseif {$cls eq "Radiobutton"} {
                lappend kv value [varval [opt $w -variable]] onvalue [opt $w -value]
            }
        }
        Entry - Spinbox {
            set text [S $w get]
            lappend kv text $text
            # characters whose centre lies inside the entry's inner area
            set inset [expr {[opt $w -borderwidth] + [opt $w -highlightthickness]}]
            set wd [S winfo width $w]
            set vis ""
            for {set i 0} {$i < [string length $text]} {incr i} {
                set bb [S $w bbox $i]
                if {[llength $bb] == 4} {
                    set cx [expr {[lindex $bb 0] + [lindex $bb 2] / 2.0}]
                    if {$cx > $inset && $cx < $wd - $inset} { append vis [string index $text $i] }
                }
            }
            lappend kv visible $vis
        }
    }
    puts [obj $kv]
    foreach c [S winfo children $w] {
        if {[S winfo toplevel $c] eq $top} { walk $c $top }
    }
}

set tops [S wm stackorder .]
foreach t $tops {
    set kv [list toplevel $t class [S winfo class $t] title [S wm title $t]]
    lappend kv {*}[geom $t]
    puts [obj $kv]
}
foreach t $tops { walk $t $t }
exit 0
