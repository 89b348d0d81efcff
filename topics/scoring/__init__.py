"""Meeting quality scoring (issue 19): templates, the proposal → vote → confirmation flow, automatic checks
from the meeting record, and the yearly roll-up.

* ``models``: ``ScoringTemplate`` (what staff edit: criteria, thresholds, check settings, year rules; owned by a
  đảng bộ, inherited below it) and ``ScoringVersion`` (an immutable snapshot: a meeting keeps the version it
  was scored with), ``ScoreProposal`` / ``ScoreVote`` / ``ScoreDecision`` (the history of a meeting's score);
* ``sheets``: which template applies to a cell and a meeting kind, versions, validation of a sheet;
* ``checks``: automatic checks computed from the meeting record (attendance, absences, duration, materials,
  minutes);
* ``services``: propose, vote, confirm (and record a score directly, for imports and the outcome service);
* ``rollup``: the year level of a cell from its meetings' levels and the template's year rules;
* ``selectors`` / ``forms`` / ``views`` / ``admin``: the meeting page section and the admin screens.
"""
