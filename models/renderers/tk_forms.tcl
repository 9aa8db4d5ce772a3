# Tk side of the Tk form renderer (driven by tk_forms.py; run as: wish tk_forms.tcl).
#
# Reads Tcl scripts from stdin, each terminated by a line "<<END>>", evaluates them at global
# level and answers "OK" + result or "ERR" + error info, then a line "<<DONE>>".
# The driver (tk_forms.py) generates the widgets; the helpers below report geometry.

wm withdraw .
tk scaling [expr {96 / 72.0}]
fconfigure stdin -encoding utf-8 -translation lf
fconfigure stdout -encoding utf-8 -translation lf

# Root-window geometry of a widget: x y w h
proc hemu_geom {w} {
    list [winfo rootx $w] [winfo rooty $w] [winfo width $w] [winfo height $w]
}

# Wait until everything is drawn and the X server has processed all drawing requests.
proc hemu_settle {} {
    update idletasks
    update
    after 30
    update idletasks
    update
    winfo pointerxy .   ;# a round trip: all earlier requests have been handled
    return ok
}

# The menubar clone of toplevel $top ("" when there is none).
proc hemu_menubar {top} {
    foreach c [winfo children $top] {
        if {[string match "*#*" [winfo name $c]] && [winfo class $c] eq "Menu"} { return $c }
    }
    return ""
}

# Region of menubar entry $i: x y w h in root coordinates (entries are laid out left to right).
proc hemu_menuentry {m i} {
    set n [expr {[$m index end] + 1}]
    set bw [$m cget -borderwidth]
    set x [$m xposition $i]
    if {$i + 1 < $n} {
        set x1 [$m xposition [expr {$i + 1}]]
    } else {
        set x1 [expr {$x + [font measure [$m cget -font] [$m entrycget $i -label]] + 30}]
    }
    set y [expr {[$m yposition $i]}]
    set h [expr {[winfo height $m] - $y - $bw}]
    list [expr {[winfo rootx $m] + $x}] [expr {[winfo rooty $m] + $y}] [expr {$x1 - $x}] $h
}

# Region of a treeview cell (item, column id): x y w h in root coordinates, 1 px inside.
proc hemu_cell {t item col} {
    lassign [$t bbox $item $col] x y w h
    if {$w eq ""} { return {0 0 0 0} }
    list [expr {[winfo rootx $t] + $x + 1}] [expr {[winfo rooty $t] + $y + 1}] \
         [expr {$w - 2}] [expr {$h - 2}]
}

# Region of a treeview heading's text: the heading text is centred; its measured width and
# the font's line height, centred in the heading (between the view's top and the first row),
# with 2 px to spare, so the heading's own border lines stay outside.
proc hemu_heading {t col font} {
    set first [lindex [$t children {}] 0]
    lassign [$t bbox $first $col] x y w h
    set tw [font measure $font [$t heading $col -text]]
    set ls [font metrics $font -linespace]
    set cx [expr {$x + $w / 2.0}]
    set cy [expr {$y / 2.0}]
    set x0 [expr {max($x + 2, int($cx - $tw / 2.0) - 2)}]
    set x1 [expr {min($x + $w - 2, int($cx + $tw / 2.0) + 3)}]
    set y0 [expr {max(2, int($cy - $ls / 2.0) - 1)}]
    set y1 [expr {min($y - 2, int($cy + $ls / 2.0) + 2)}]
    list [expr {[winfo rootx $t] + $x0}] [expr {[winfo rooty $t] + $y0}] \
         [expr {$x1 - $x0}] [expr {$y1 - $y0}]
}

set hemu_buf ""
while {[gets stdin line] >= 0} {
    if {$line eq "<<END>>"} {
        if {[catch {uplevel #0 $hemu_buf} res]} {
            puts "ERR"
            puts $::errorInfo
        } else {
            puts "OK"
            puts $res
        }
        puts "<<DONE>>"
        flush stdout
        set hemu_buf ""
    } else {
        append hemu_buf $line "\n"
    }
}
exit
