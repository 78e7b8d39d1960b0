//! The GPU: adapter and device acquisition, the compiled kernels, and the few buffer and
//! dispatch helpers the MSM needs. Every driver error is caught (error scopes, the
//! uncaptured-error handler, the device-lost callback) and returned as an [`Error`],
//! never a panic.

use std::sync::{mpsc, Arc, Mutex, PoisonError};

use crate::error::{Error, Result};
use crate::{shader, words};

/// Invocations per workgroup, as in the shaders' `@workgroup_size`.
const WORKGROUP: u32 = 64;

/// A GPU (or software adapter) with the MSM kernels compiled for it.
///
/// Made by [`Gpu::new`]; runs [`Gpu::msm_g1`]. Cloning is cheap and shares the device and
/// its kernels (a clone may have its own [`Gpu::min_gpu_points`]); calls on one device
/// from several threads or clones run one after the other.
#[derive(Clone)]
pub struct Gpu {
    device: wgpu::Device,
    queue: wgpu::Queue,
    info: wgpu::AdapterInfo,
    limits: wgpu::Limits,
    pub(crate) accumulate: wgpu::ComputePipeline,
    pub(crate) combine: wgpu::ComputePipeline,
    pub(crate) reduce: wgpu::ComputePipeline,
    /// Why the device was lost, once it is.
    lost: Arc<Mutex<Option<String>>>,
    /// The last error no error scope caught.
    uncaptured: Arc<Mutex<Option<String>>>,
    /// One MSM at a time (error scopes are per thread, buffers per call).
    pub(crate) serial: Arc<Mutex<()>>,
    /// The smallest MSM [`Gpu::msm_g1_auto`] sends to this device, if any.
    pub(crate) min_gpu_points: Option<usize>,
}

impl std::fmt::Debug for Gpu {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gpu")
            .field("adapter", &self.info.name)
            .field("backend", &self.info.backend)
            .field("device_type", &self.info.device_type)
            .field("min_gpu_points", &self.min_gpu_points)
            .finish()
    }
}

impl Gpu {
    /// The default adapter (high-performance preference, on Vulkan, Metal, DX12 or
    /// WebGPU; `WGPU_BACKEND` picks other backends, e.g. `gl`) with the kernels compiled,
    /// or `None` when there is no adapter or it cannot run them. Compiling the kernels
    /// takes one to two minutes on llvmpipe: make one `Gpu` and keep it.
    pub fn new() -> Option<Self> {
        Self::try_new().ok().flatten()
    }

    /// As [`Gpu::new`], telling "no adapter" (`Ok(None)`) apart from an adapter that
    /// fails.
    ///
    /// # Errors
    /// [`Error::Command`] if the device cannot be opened or the kernels do not compile.
    pub fn try_new() -> Result<Option<Self>> {
        let mut descriptor = wgpu::InstanceDescriptor::new_without_display_handle_from_env();
        if std::env::var_os("WGPU_BACKEND").is_none() {
            descriptor.backends = wgpu::Backends::PRIMARY;
        }
        let instance = wgpu::Instance::new(descriptor);
        let options = wgpu::RequestAdapterOptions {
            power_preference: wgpu::PowerPreference::HighPerformance,
            ..Default::default()
        };
        let Ok(adapter) = pollster::block_on(instance.request_adapter(&options)) else {
            return Ok(None);
        };
        let info = adapter.get_info();
        let descriptor = wgpu::DeviceDescriptor {
            label: Some("zkcomply-msm"),
            required_limits: adapter.limits(),
            ..Default::default()
        };
        let (device, queue) =
            pollster::block_on(adapter.request_device(&descriptor)).map_err(|e| {
                Error::Command {
                    stage: "opening the device",
                    reason: e.to_string(),
                }
            })?;
        let lost = Arc::new(Mutex::new(None));
        let uncaptured = Arc::new(Mutex::new(None));
        let lost_slot = Arc::clone(&lost);
        device.set_device_lost_callback(move |reason, message| {
            *lost_slot.lock().unwrap_or_else(PoisonError::into_inner) =
                Some(format!("{reason:?}: {message}"));
        });
        let uncaptured_slot = Arc::clone(&uncaptured);
        device.on_uncaptured_error(Arc::new(move |e: wgpu::Error| {
            *uncaptured_slot
                .lock()
                .unwrap_or_else(PoisonError::into_inner) = Some(e.to_string());
        }));
        let limits = device.limits();
        let module = scoped(&device, "compiling the MSM kernels", || {
            module(&device, "zkcomply-msm", &shader::source(shader::MSM))
        })?;
        let [accumulate, combine, reduce] = pipelines(
            &device,
            &module,
            "compiling the MSM kernels",
            ["accumulate", "combine", "reduce"],
        )?;
        let min_gpu_points = match info.device_type {
            // Measured (benches/gpu.rs, llvmpipe): slower than the CPU MSM at every size.
            wgpu::DeviceType::Cpu => None,
            _ => Some(crate::msm::DEFAULT_MIN_GPU_POINTS),
        };
        Ok(Some(Self {
            device,
            queue,
            info,
            limits,
            accumulate,
            combine,
            reduce,
            lost,
            uncaptured,
            serial: Arc::new(Mutex::new(())),
            min_gpu_points,
        }))
    }

    /// The adapter's name, e.g. `llvmpipe (LLVM 15.0.6, 256 bits)`.
    pub fn adapter_name(&self) -> &str {
        &self.info.name
    }

    /// Whether the adapter is a software rasteriser on the CPU (llvmpipe, WARP…).
    pub fn is_software(&self) -> bool {
        self.info.device_type == wgpu::DeviceType::Cpu
    }

    /// The largest storage buffer one binding may hold, in bytes.
    pub(crate) fn max_binding_bytes(&self) -> u64 {
        self.limits
            .max_storage_buffer_binding_size
            .min(self.limits.max_buffer_size)
    }

    /// Fails with [`Error::DeviceLost`] once the device is lost, and with
    /// [`Error::Command`] if an error escaped the error scopes.
    pub(crate) fn check_health(&self) -> Result<()> {
        if let Some(reason) = self
            .lost
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
        {
            return Err(Error::DeviceLost { reason });
        }
        if let Some(reason) = self
            .uncaptured
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        {
            return Err(Error::Command {
                stage: "an earlier command",
                reason,
            });
        }
        Ok(())
    }

    /// Runs `f` (which records and submits GPU work) and returns the first error the
    /// driver reported for it.
    pub(crate) fn scoped<T>(&self, stage: &'static str, f: impl FnOnce() -> T) -> Result<T> {
        let out = scoped(&self.device, stage, f)?;
        self.check_health()?;
        Ok(out)
    }

    /// A storage buffer holding `data` (at least one word: bindings cannot be empty).
    /// Written through the queue rather than mapped at creation: mapping a buffer of a
    /// lost device panics inside wgpu, a queued write only reports an error.
    pub(crate) fn storage(&self, label: &str, data: &[u32]) -> wgpu::Buffer {
        let contents = if data.is_empty() {
            words::bytes(&[0])
        } else {
            words::bytes(data)
        };
        self.upload(label, &contents, wgpu::BufferUsages::STORAGE)
    }

    /// A buffer of `usage` holding `contents`, written through the queue.
    fn upload(&self, label: &str, contents: &[u8], usage: wgpu::BufferUsages) -> wgpu::Buffer {
        let buffer = self.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some(label),
            size: contents.len() as u64,
            usage: usage | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        self.queue.write_buffer(&buffer, 0, contents);
        buffer
    }

    /// A zeroed storage buffer of `words` words (at least one).
    pub(crate) fn output(&self, label: &str, words: usize) -> wgpu::Buffer {
        self.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some(label),
            size: 4 * words.max(1) as u64,
            usage: wgpu::BufferUsages::STORAGE | wgpu::BufferUsages::COPY_SRC,
            mapped_at_creation: false,
        })
    }

    /// A uniform buffer of four words.
    pub(crate) fn uniform(&self, label: &str, data: [u32; 4]) -> wgpu::Buffer {
        self.upload(label, &words::bytes(&data), wgpu::BufferUsages::UNIFORM)
    }

    /// A bind group for `pipeline` with `buffers` at their binding numbers.
    pub(crate) fn bind(
        &self,
        pipeline: &wgpu::ComputePipeline,
        buffers: &[(u32, &wgpu::Buffer)],
    ) -> wgpu::BindGroup {
        let entries: Vec<wgpu::BindGroupEntry<'_>> = buffers
            .iter()
            .map(|(binding, buffer)| wgpu::BindGroupEntry {
                binding: *binding,
                resource: buffer.as_entire_binding(),
            })
            .collect();
        self.device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: None,
            layout: &pipeline.get_bind_group_layout(0),
            entries: &entries,
        })
    }

    /// A new command encoder.
    pub(crate) fn encoder(&self) -> wgpu::CommandEncoder {
        self.device
            .create_command_encoder(&wgpu::CommandEncoderDescriptor { label: None })
    }

    /// Records `invocations` runs of `pipeline`, as a 2-D grid when one dimension is not
    /// enough (the kernels flatten it back).
    pub(crate) fn dispatch(
        &self,
        encoder: &mut wgpu::CommandEncoder,
        pipeline: &wgpu::ComputePipeline,
        bind_group: &wgpu::BindGroup,
        invocations: u32,
    ) {
        let groups = invocations.div_ceil(WORKGROUP).max(1);
        let x = groups.min(self.limits.max_compute_workgroups_per_dimension.max(1));
        let y = groups.div_ceil(x);
        let mut pass = encoder.begin_compute_pass(&wgpu::ComputePassDescriptor::default());
        pass.set_pipeline(pipeline);
        pass.set_bind_group(0, bind_group, &[]);
        pass.dispatch_workgroups(x, y, 1);
    }

    /// Submits `encoder` after a copy of `source` into a readable buffer, waits, and
    /// returns the first `words` words of `source`.
    ///
    /// # Errors
    /// [`Error::Command`] if the wait or the mapping fails, [`Error::DeviceLost`] if the
    /// device is lost meanwhile.
    pub(crate) fn submit_and_read(
        &self,
        mut encoder: wgpu::CommandEncoder,
        source: &wgpu::Buffer,
        words: usize,
    ) -> Result<Vec<u32>> {
        let size = 4 * words.max(1) as u64;
        let staging = self.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("zkcomply-readback"),
            size,
            usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        encoder.copy_buffer_to_buffer(source, 0, &staging, 0, size);
        self.queue.submit([encoder.finish()]);
        let (sender, receiver) = mpsc::channel();
        staging.map_async(wgpu::MapMode::Read, .., move |result| {
            let _ = sender.send(result);
        });
        self.device
            .poll(wgpu::PollType::wait_indefinitely())
            .map_err(|e| Error::Command {
                stage: "waiting for the GPU",
                reason: e.to_string(),
            })?;
        self.check_health()?;
        match receiver.recv() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                return Err(Error::Command {
                    stage: "reading the result back",
                    reason: e.to_string(),
                })
            }
            Err(_) => {
                return Err(Error::Command {
                    stage: "reading the result back",
                    reason: "the mapping never completed".into(),
                })
            }
        }
        let out = {
            let view = staging.get_mapped_range(..).map_err(|e| Error::Command {
                stage: "reading the result back",
                reason: e.to_string(),
            })?;
            words::from_bytes(&view)
        };
        staging.unmap();
        Ok(out.into_iter().take(words).collect())
    }
}

/// Runs `f` inside out-of-memory, validation and internal error scopes and returns the
/// first error caught.
fn scoped<T>(device: &wgpu::Device, stage: &'static str, f: impl FnOnce() -> T) -> Result<T> {
    let oom = device.push_error_scope(wgpu::ErrorFilter::OutOfMemory);
    let validation = device.push_error_scope(wgpu::ErrorFilter::Validation);
    let internal = device.push_error_scope(wgpu::ErrorFilter::Internal);
    let out = f();
    let errors = [
        pollster::block_on(internal.pop()),
        pollster::block_on(validation.pop()),
        pollster::block_on(oom.pop()),
    ];
    match errors.into_iter().flatten().next() {
        Some(e) => Err(Error::Command {
            stage,
            reason: e.to_string(),
        }),
        None => Ok(out),
    }
}

/// A shader module from WGSL source.
pub(crate) fn module(device: &wgpu::Device, label: &str, source: &str) -> wgpu::ShaderModule {
    device.create_shader_module(wgpu::ShaderModuleDescriptor {
        label: Some(label),
        source: wgpu::ShaderSource::Wgsl(source.into()),
    })
}

/// The compute pipelines of `entry_points`, compiled in parallel (one thread each: the
/// driver's compiler is single-threaded per pipeline, and llvmpipe takes most of a minute
/// per kernel).
///
/// # Errors
/// [`Error::Command`] with the first error the driver reported.
pub(crate) fn pipelines<const N: usize>(
    device: &wgpu::Device,
    module: &wgpu::ShaderModule,
    stage: &'static str,
    entry_points: [&str; N],
) -> Result<[wgpu::ComputePipeline; N]> {
    let compiled: Vec<Result<wgpu::ComputePipeline>> = std::thread::scope(|threads| {
        let handles: Vec<_> = entry_points
            .iter()
            .map(|entry| {
                // Error scopes belong to the thread that pushes them.
                threads.spawn(move || scoped(device, stage, || pipeline(device, module, entry)))
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| {
                handle.join().unwrap_or_else(|_| {
                    Err(Error::Command {
                        stage,
                        reason: "the driver panicked while compiling a kernel".into(),
                    })
                })
            })
            .collect()
    });
    let compiled = compiled.into_iter().collect::<Result<Vec<_>>>()?;
    compiled.try_into().map_err(|_| Error::Command {
        stage,
        reason: "a kernel is missing".into(),
    })
}

/// A compute pipeline for `entry_point`, its bind group layout taken from the shader.
pub(crate) fn pipeline(
    device: &wgpu::Device,
    module: &wgpu::ShaderModule,
    entry_point: &str,
) -> wgpu::ComputePipeline {
    device.create_compute_pipeline(&wgpu::ComputePipelineDescriptor {
        label: Some(entry_point),
        layout: None,
        module,
        entry_point: Some(entry_point),
        compilation_options: Default::default(),
        cache: None,
    })
}

impl Gpu {
    /// The device, for the test kernels and [`crate::testing`].
    pub(crate) fn device(&self) -> &wgpu::Device {
        &self.device
    }
}
