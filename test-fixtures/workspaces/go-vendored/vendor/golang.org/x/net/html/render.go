// Package html is a stand-in for the vendored golang.org/x/net/html of the fixture.
package html

import "io"

// Node is a parsed HTML node.
type Node struct{}

// Render writes n to w.
func Render(w io.Writer, n *Node) error { return nil }
