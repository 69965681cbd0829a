package io.github.dl4jnrn.jupyter;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

import javax.imageio.ImageIO;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * Shows images in the notebook from a cell of the {@link JavaKernel}: each call sends a {@code display_data}
 * message with an {@code image/png} output, which an executed notebook keeps inline.
 *
 * <pre>{@code
 * byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG); // XChart
 * Display.png(png);
 * }</pre>
 *
 * <p>The kernel imports this class in every session, so cells can call {@code Display.png(...)} directly.
 */
public final class Display {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static volatile BaseKernel kernel;

    private Display() {
    }

    static void attach(BaseKernel running) {
        kernel = running;
    }

    static void detach(BaseKernel stopping) {
        if (kernel == stopping) {
            kernel = null;
        }
    }

    /**
     * Shows a PNG image.
     *
     * @param png the bytes of a PNG file
     * @throws IllegalArgumentException if the bytes are not a PNG file
     * @throws IllegalStateException    if called outside a cell of a running {@link JavaKernel}
     */
    public static void png(byte[] png) {
        Objects.requireNonNull(png, "png");
        if (png.length < 24 || !Arrays.equals(png, 0, PNG_SIGNATURE.length, PNG_SIGNATURE, 0, PNG_SIGNATURE.length)) {
            throw new IllegalArgumentException("Display.png: the bytes are not a PNG image (" + png.length + " bytes)");
        }
        // width and height are the first fields of the IHDR chunk, right after the signature and chunk header
        ByteBuffer header = ByteBuffer.wrap(png, 16, 8);
        DisplayData data = new DisplayData("<PNG image " + header.getInt() + "x" + header.getInt() + ">");
        data.putData(MIMEType.IMAGE_PNG, Base64.getEncoder().encodeToString(png));
        publish(data);
    }

    /**
     * Shows an image, encoded as PNG.
     *
     * @param image the image, for example a {@link java.awt.image.BufferedImage}
     * @throws IllegalStateException if called outside a cell of a running {@link JavaKernel}
     */
    public static void image(RenderedImage image) {
        Objects.requireNonNull(image, "image");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalArgumentException("Display.image: no PNG writer accepts this image type");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Display.image: PNG encoding failed", e);
        }
        png(bytes.toByteArray());
    }

    private static void publish(DisplayData data) {
        BaseKernel running = kernel;
        if (running == null || !running.getIO().display.isAttached()) {
            throw new IllegalStateException("Display works only while a cell runs in the "
                    + JavaKernel.KERNEL_NAME + " Jupyter kernel");
        }
        // keep the order of the cell's outputs: text printed before the image comes before it
        running.getIO().out.flush();
        running.getIO().err.flush();
        running.display(data);
    }
}
