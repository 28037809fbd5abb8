import type { Config } from "tailwindcss";

// Loaded from app/globals.css with `@config`. Brand colours of Duret Électricité.
const config: Config = {
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        brand: {
          50: "#eef5ff",
          100: "#d9e8ff",
          500: "#1e6fd9",
          600: "#1759b0",
          700: "#12468a",
          900: "#0b2a52",
        },
        volt: { 400: "#ffc933", 500: "#f5b400" },
      },
    },
  },
};

export default config;
