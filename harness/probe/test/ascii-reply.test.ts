// Framing of memcached ASCII replies.

import { describe, expect, test } from "vitest";

import { isErrorReplyLine, replyLength } from "../ascii-reply.ts";

const length = (text: string) => replyLength(Buffer.from(text, "latin1"));

describe("replyLength", () => {
  test("one-line reply ends at CRLF", () => {
    expect(length("VERSION 1.6.18\r\nSTORED\r\n")).toBe(16);
  });

  test("partial line is incomplete", () => {
    expect(length("VERSION 1.6")).toBeUndefined();
  });

  test("retrieval waits for END", () => {
    expect(length("VALUE k 0 5\r\nhello\r\n")).toBeUndefined();
    expect(length("VALUE k 0 5\r\nhello\r\nEND\r\n")).toBe(25);
  });

  test("value data may contain END lines", () => {
    const reply = "VALUE k 0 5\r\nEND\r\n\r\nEND\r\n";
    expect(length(reply)).toBe(reply.length);
  });

  test("several values end at END", () => {
    const reply = "VALUE a 0 1\r\nx\r\nVALUE b 0 2 7\r\nyy\r\nEND\r\n";
    expect(length(reply)).toBe(reply.length);
  });

  test("stats list ends at END", () => {
    expect(length("STAT pid 1\r\nSTAT uptime 2\r\n")).toBeUndefined();
    expect(length("STAT pid 1\r\nSTAT uptime 2\r\nEND\r\n")).toBe(32);
  });

  test("empty retrieval is END alone", () => {
    expect(length("END\r\n")).toBe(5);
  });

  test("meta value reply includes its data", () => {
    expect(length("VA 3 f0\r\nab")).toBeUndefined();
    expect(length("VA 3 f0\r\nabc\r\n")).toBe(14);
  });
});

describe("isErrorReplyLine", () => {
  test.each(["ERROR", "CLIENT_ERROR bad data chunk", "SERVER_ERROR out of memory", "ERROR unknown"])("%s is an error", (line) => {
    expect(isErrorReplyLine(line)).toBe(true);
  });

  test.each(["VERSION 1.6.18", "STORED", "END", "ERRORS"])("%s is not an error", (line) => {
    expect(isErrorReplyLine(line)).toBe(false);
  });
});
