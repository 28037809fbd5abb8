export * from "./availability";
export * from "./busy";
export * from "./catalogue";
export * from "./geocoder";
export * from "@/lib/time/holidays";
export * from "./slots";
export * from "@/lib/time/paris";
