package dev.llmrouter;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One part of a message's content: text, or an image given by URL or by its bytes.
 *
 * @author llm-router
 */
public sealed interface ContentPart permits ContentPart.TextPart, ContentPart.ImagePart {

	/**
	 * A text part.
	 * @param text the text
	 * @return the part
	 */
	static TextPart text(String text) {
		return new TextPart(text);
	}

	/**
	 * An image the provider fetches from a URL (or a {@code data:} URL).
	 * @param url the image's URL
	 * @return the part
	 */
	static ImagePart imageUrl(String url) {
		return new ImagePart(url, null, null);
	}

	/**
	 * An image given by its bytes, sent base64-encoded.
	 * @param data the image's bytes
	 * @param mediaType its media type, such as {@code image/png}
	 * @return the part
	 */
	static ImagePart image(byte[] data, String mediaType) {
		return new ImagePart(null, data, mediaType);
	}

	/**
	 * A text part.
	 *
	 * @param text the text
	 */
	record TextPart(String text) implements ContentPart {

		public TextPart {
			Objects.requireNonNull(text, "text must not be null");
		}

	}

	/**
	 * An image: either a URL, or bytes with their media type.
	 *
	 * @param url the image's URL, or {@code null} when the bytes are given
	 * @param data the image's bytes, or {@code null} when a URL is given
	 * @param mediaType the media type of the bytes, such as {@code image/png}
	 */
	record ImagePart(@Nullable String url, byte @Nullable [] data, @Nullable String mediaType) implements ContentPart {

		public ImagePart {
			if ((url == null) == (data == null)) {
				throw new IllegalArgumentException("An image part needs either a URL or bytes, not both");
			}
			if (data != null && (mediaType == null || mediaType.isBlank())) {
				throw new IllegalArgumentException("An image given by its bytes needs a media type, such as image/png");
			}
			data = (data != null) ? data.clone() : null;
		}

		/**
		 * The image's bytes.
		 * @return a copy of the bytes, or {@code null} when a URL is given
		 */
		@Override
		public byte @Nullable [] data() {
			return (this.data != null) ? this.data.clone() : null;
		}

		/**
		 * The image as a URL: the given one, or a {@code data:} URL of the bytes.
		 * @return the URL
		 */
		public String toUrl() {
			if (this.url != null) {
				return this.url;
			}
			return "data:" + this.mediaType + ";base64," + Base64.getEncoder().encodeToString(this.data);
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof ImagePart that && Objects.equals(this.url, that.url)
					&& Arrays.equals(this.data, that.data) && Objects.equals(this.mediaType, that.mediaType);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.url, Arrays.hashCode(this.data), this.mediaType);
		}

		@Override
		public String toString() {
			return (this.url != null) ? "ImagePart[url=" + abbreviate(this.url) + "]"
					: "ImagePart[mediaType=" + this.mediaType + ", bytes=" + this.data.length + "]";
		}

		private static String abbreviate(String url) {
			return (url.length() > 80) ? url.substring(0, 77) + "..." : url;
		}

	}

}
