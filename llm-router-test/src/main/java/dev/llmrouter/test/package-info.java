/**
 * A scriptable loopback server that speaks the providers' wire formats, for tests of the
 * router and of applications that use it.
 */
@NullMarked
package dev.llmrouter.test;

import org.jspecify.annotations.NullMarked;
