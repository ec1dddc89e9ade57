"""Help > Keyboard shortcuts (F1): every key the app answers to, by view (VIEW_COUNT: the views' number)."""

SHORTCUTS_HTML = """
<h3>Reader (coding)</h3>
<table cellpadding="3">
<tr><td><b>1</b> … <b>9</b>, <b>0</b></td><td>apply the numbered code (0: the 10th) to the selected passage, or toggle it on the whole answer</td></tr>
<tr><td><b>Ctrl+K</b></td><td>find a code by name, or create one, and apply it</td></tr>
<tr><td><b>Ctrl+G</b></td><td>go to a respondent by id, file, name or organisation</td></tr>
<tr><td><b>J</b> / <b>Alt+→</b>, <b>K</b> / <b>Alt+←</b></td><td>next / previous respondent</td></tr>
<tr><td><b>N</b> / <b>Alt+↓</b>, <b>P</b> / <b>Alt+↑</b></td><td>next / previous answer</td></tr>
<tr><td><b>U</b></td><td>next respondent with nothing coded</td></tr>
<tr><td><b>A</b> / <b>X</b></td><td>accept / reject the current answer's code suggestions</td></tr>
<tr><td><b>Tab</b>, then <b>Enter</b> / <b>Delete</b></td><td>from the answer to each of its suggestions in turn; accept / reject that one (A / X on it: that one only)</td></tr>
<tr><td><b>M</b></td><td>write a memo on the current answer</td></tr>
<tr><td><b>Shift+arrows</b></td><td>select a passage from the keyboard</td></tr>
</table>
<h3>Sector review</h3>
<table cellpadding="3">
<tr><td><b>Enter</b></td><td>accept the sector shown and move on</td></tr>
<tr><td><b>1</b> … <b>9</b>, <b>0</b></td><td>correct it to that sector and move on</td></tr>
<tr><td><b>Ctrl+F</b></td><td>find respondents by id, name, organisation or words of their answers (keys typed there are text: they set no sector)</td></tr>
<tr><td><b>Enter</b> / <b>Escape</b> in the search box</td><td>back to the list, as found</td></tr>
</table>
<h3>Codebook and themes</h3>
<table cellpadding="3">
<tr><td><b>F2</b></td><td>rename</td></tr>
<tr><td><b>Ctrl+M</b></td><td>merge the selected codes or themes</td></tr>
<tr><td><b>Ctrl+↑/↓</b>, <b>Ctrl+→/←</b></td><td>reorder codes; nest or un-nest a code</td></tr>
<tr><td><b>Ctrl+Enter</b></td><td>sign the selected themes off (or withdraw it)</td></tr>
</table>
<h3>Everywhere</h3>
<table cellpadding="3">
<tr><td><b>Ctrl+Z</b>, <b>Ctrl+Shift+Z</b></td><td>undo, redo (every change is saved at once)</td></tr>
<tr><td><b>Ctrl+1</b> … <b>Ctrl+VIEW_COUNT</b></td><td>switch view</td></tr>
<tr><td><b>Ctrl+F</b></td><td>search answers (opens the Responses view's search; in Sector review, its own search of respondents)</td></tr>
<tr><td><b>Ctrl+N</b>, <b>Ctrl+O</b></td><td>new project (then import its files), open a project</td></tr>
<tr><td><b>Ctrl+I</b>, <b>Ctrl+E</b></td><td>import files, export the annex</td></tr>
</table>
"""
