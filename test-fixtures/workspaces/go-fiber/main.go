// Command fiber-api serves the user API of the ASPM Go fiber fixture.
package main

import (
	"log"
	"os"
)

func main() {
	srv := NewServer(os.Getenv("API_NAME"))
	log.Fatal(srv.Listen(":3000"))
}
