/// <reference types="astro/client" />
declare const __HELPWAY_CONTENT_DIR__: string;
