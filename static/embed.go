// Package static holds the stylesheet, icons and the little JavaScript there is.
package static

import "embed"

// FS is served under /static/.
//
//go:embed *.css *.js *.svg
var FS embed.FS
