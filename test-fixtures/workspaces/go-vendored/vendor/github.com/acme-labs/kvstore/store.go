// Package kvstore is a small embedded key-value store (a vendored dependency of the fixture).
package kvstore

import (
	"io"

	"golang.org/x/net/html"
)

// Store is an open database.
type Store struct{ path string }

// Snapshot is a point-in-time copy of a Store.
type Snapshot struct{ store *Store }

// Backup is a full export of a Store.
type Backup struct{ store *Store }

// Open opens the database at path.
func Open(path string) (*Store, error) { return &Store{path: path}, nil }

// Snapshot takes a snapshot of the store.
func (s *Store) Snapshot() *Snapshot { return &Snapshot{store: s} }

// Backup exports the store.
func (s *Store) Backup() (*Backup, error) { return &Backup{store: s}, nil }

// Restore replaces the snapshot's contents with what r holds.
func (s *Snapshot) Restore(r io.Reader) error { _, err := io.ReadAll(r); return err }

// Restore replaces the store's contents with the backup read from r.
func (b *Backup) Restore(r io.Reader) error { _, err := io.ReadAll(r); return err }

// Describe renders the store's status page.
func (s *Store) Describe(w io.Writer) error { return html.Render(w, &html.Node{}) }

func (s *Store) unexported() string { return s.path }
