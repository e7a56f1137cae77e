package main

import "github.com/gofiber/fiber/v2"

// healthApp is the probe's own app. Its type is not written: fiber.New returns *fiber.App (issue 8's headline shape).
func healthApp() *fiber.App {
	app := fiber.New()
	app.Get("/healthz", func(c *fiber.Ctx) error {
		return c.SendStatus(fiber.StatusNoContent)
	})
	return app
}
