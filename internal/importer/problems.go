package importer

import "sort"

// sortProblems orders problems by row, then column, the file's own order.
func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Row != ps[j].Row {
			return ps[i].Row < ps[j].Row
		}
		return ps[i].Col < ps[j].Col
	})
}

// ColumnLetter is a 1-based column as a spreadsheet names it (1 A, 27 AA).
func ColumnLetter(n int) string {
	s := ""
	for n > 0 {
		n--
		s = string(rune('A'+n%26)) + s
		n /= 26
	}
	return s
}
