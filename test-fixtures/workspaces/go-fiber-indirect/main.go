package main

import (
	"log"
	"os"

	"github.com/gofiber/fiber/v2"
)

func main() {
	app := fiber.New(fiber.Config{AppName: "fiber-api"})
	app.Get("/health", func(c *fiber.Ctx) error {
		return c.SendString("ok")
	})
	app.Get("/files/:name", func(c *fiber.Ctx) error {
		return c.SendFile("./public/" + c.Params("name"))
	})
	log.Fatal(app.Listen(":" + os.Getenv("PORT")))
}
