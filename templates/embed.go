// Package templates holds the layouts, partials and pages.
package templates

import "embed"

// FS holds layouts/*.html, partials/*.html and pages/<area>/*.html.
//
//go:embed layouts partials pages
var FS embed.FS
