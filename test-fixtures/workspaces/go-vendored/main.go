package main

import (
	"os"

	"github.com/acme-labs/kvstore"
)

func main() {
	db, err := kvstore.Open(os.Getenv("LEDGER_DB"))
	if err != nil {
		panic(err)
	}
	snap := db.Snapshot()
	backup, err := os.Open(os.Args[1])
	if err != nil {
		panic(err)
	}
	if err := snap.Restore(backup); err != nil {
		panic(err)
	}
}
